/** The agent: routing, sessions, prompt, turns, commands and context management behind one loop. */

export { isInternalChannel } from "../bus/internal-channels.ts";
export { executeCommand, formatStopReply, isBuiltinCommand } from "./commands/execute-command.ts";
export { hasCommandPrefix, parseCommandName } from "./commands/parse-command.ts";
export { createSummarizer } from "./context/summarizer.ts";
export { type AgentDefaults, type AgentDefaultsInput, resolveAgentDefaults } from "./defaults.ts";
export { type AgentLoop, type AgentLoopDeps, createAgentLoop } from "./loop/create-agent-loop.ts";
export { buildSystemPrompt, type PromptInput } from "./prompt/build-system-prompt.ts";
export { createFileCache } from "./prompt/file-cache.ts";
export type { SkillSummary } from "./prompt/skills-block.ts";
export { allocateSession, type SessionAllocation, sessionKeyFor } from "./routing/allocate-session.ts";
export { extractFeatures, scoreComplexity, selectModel } from "./routing/complexity.ts";
export { normalizeAccountId, normalizeAgentId } from "./routing/normalize-id.ts";
export { defaultAgentId, resolveRoute } from "./routing/resolve-route.ts";
export type { DispatchRule, ResolvedRoute, RouteConfig, SessionPolicy } from "./routing/route-config.ts";
export {
  buildMainSessionKey,
  buildOpaqueSessionKey,
  isExplicitSessionKey,
  type SessionScope,
  sessionFileStem,
} from "./routing/session-key.ts";
export type { SessionMeta } from "./session/session-meta.ts";
export { createSessionStore, type HistoryEntry, type SessionStore } from "./session/session-store.ts";
export { createSpawnTool, type SpawnTool, type SpawnToolDeps } from "./spawn.ts";
export { runTurn, type TurnOptions, type TurnResult } from "./turn/run-turn.ts";
