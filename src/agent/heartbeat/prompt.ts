/**
 * HEARTBEAT.md: the default template and the prompt built from it. Only text the user wrote below the
 * marker line counts as a task, so an untouched template never costs an LLM call.
 */

/** PicoClaw's marker line; existing HEARTBEAT.md files depend on this exact text. */
export const HEARTBEAT_MARKER = "Add your heartbeat tasks below this line:";

/** The reply that means "nothing to report"; such replies are never sent to the chat. */
export const HEARTBEAT_OK = "HEARTBEAT_OK";

/** Written to `<workspace>/HEARTBEAT.md` when the file is missing. */
export const HEARTBEAT_TEMPLATE = `# Heartbeat

The heartbeat service reads this file on a timer and asks the agent to work through the tasks below.

## How tasks are handled

- Every task listed under the marker line is done on each heartbeat; none is skipped.
- Quick tasks (such as reporting the time) are answered directly.
- Long tasks are handed to a subagent with the spawn tool; its result reaches you on its own.
- When everything is done and nothing needs your attention, the agent replies ${HEARTBEAT_OK}
  and no message is sent.

## Ideas

- Look for unread messages
- Summarise today's calendar
- Check that a device (a MaixCam, a sensor) still answers

---

${HEARTBEAT_MARKER}
`;

/** True when the file holds a task: any non-heading line after the marker, or any text without one. */
export function hasHeartbeatTasks(heartbeatMd: string): boolean {
  if (heartbeatMd.trim() === "") return false;
  const at = heartbeatMd.indexOf(HEARTBEAT_MARKER);
  if (at < 0) return true;
  const tasks = heartbeatMd.slice(at + HEARTBEAT_MARKER.length);
  return tasks.split("\n").some((line) => {
    const text = line.trim();
    return text !== "" && !text.startsWith("#");
  });
}

/** The heartbeat prompt for `heartbeatMd`, or "" when it holds no task. `now` stamps the prompt. */
export function buildHeartbeatPrompt(heartbeatMd: string, now: Date = new Date()): string {
  if (!hasHeartbeatTasks(heartbeatMd)) return "";
  return `# Heartbeat Check

Current time: ${formatLocalTime(now)}

This is a scheduled heartbeat, not a message from the user. Go through the tasks below and act on
each one with the tools and skills you have. If nothing needs the user's attention, reply with
exactly ${HEARTBEAT_OK} and nothing else.

${heartbeatMd}
`;
}

/** True when a heartbeat reply should not be delivered (empty, or the HEARTBEAT_OK token). */
export function isSilentHeartbeatReply(reply: string): boolean {
  const text = reply.trim();
  // Models often wrap the token in markdown emphasis or add a full stop.
  return text === "" || text.replace(/^[*_`\s]+|[*_`.!\s]+$/g, "") === HEARTBEAT_OK;
}

function formatLocalTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
