/** Fixed user-facing texts of the turn engine, worded as PicoClaw words them (users and tests match on them). */

/** Sent when the model's final answer is empty. */
export const EMPTY_RESPONSE =
  "The model returned an empty response. This may indicate a provider error or token limit.";

/** Sent when every iteration asked for more tools. */
export const TOOL_LIMIT_RESPONSE =
  "I've reached `max_tool_iterations` without a final response. Increase `max_tool_iterations` in config.json if this task needs more tool steps.";

/** The result given to tool calls skipped because the user sent another message. */
export const SKIPPED_FOR_STEERING = "Skipped due to queued user message.";

/** The result given to tool calls skipped because the turn was stopped. */
export const SKIPPED_FOR_STOP = "Skipped because the task was stopped.";

/** Reply for a failed model call. */
export function failureReply(message: string): string {
  return `Error processing message: ${message}`;
}

/** Reply when no model could be reached and the message was not kept for later (the CLI, a full queue). */
export function unreachableReply(message: string): string {
  return `The model provider is unreachable (${message}). Nothing was sent to it; try again when it is back.`;
}
