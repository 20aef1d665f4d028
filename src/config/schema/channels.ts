/**
 * `channel_list.<name>`: common fields plus a `settings` object checked by channel type.
 * `type` defaults to the key (filled in by prepare.ts before validation), so the union is
 * discriminated on `type` and consumers narrow with `if (channel.type === "telegram")`.
 */
import * as v from "valibot";
import { BUILTIN_CHANNELS } from "../../channels/builtin.ts";
import { anyMap, bool, flexibleList, intValue, section, str, strList } from "../../lib/schema-fields.ts";
import { GO_ONLY_CHANNEL_TYPES, SUPPORTED_CHANNEL_TYPES } from "./channel-settings.ts";

/** Placeholder text used when none is configured (Go: GetRandomText). */
export const DEFAULT_PLACEHOLDER_TEXT = "Thinking...";

/** Fields every channel entry has, whatever its type. */
export const COMMON_CHANNEL_ENTRIES = {
  enabled: bool(false),
  /** Empty list = anyone may talk to the bot (the gateway warns); "*" = explicitly open. */
  allow_from: flexibleList(),
  reasoning_channel_id: str(),
  /** Outbound messages per second for this channel (our addition); absent = the type's default, 0 = unlimited. */
  rate_limit: v.optional(intValue(0)),
  group_trigger: section({
    mention_only: bool(false),
    prefixes: strList(),
  }),
  typing: section({ enabled: bool(false) }),
  placeholder: v.optional(
    v.pipe(
      v.object({ enabled: bool(false), text: flexibleList() }, "expected an object"),
      v.transform((p) => ({ ...p, text: p.text.length > 0 ? p.text : [DEFAULT_PLACEHOLDER_TEXT] })),
    ),
    {},
  ),
};

const entry = <const T extends string, const S extends v.ObjectEntries>(type: T, settings: S) =>
  v.object(
    { ...COMMON_CHANNEL_ENTRIES, type: v.literal(type), settings: section(settings) },
    "expected an object",
  );

const goOnlyEntry = v.object(
  { ...COMMON_CHANNEL_ENTRIES, type: v.picklist(GO_ONLY_CHANNEL_TYPES), settings: anyMap() },
  "expected an object",
);

const typeMessage = `unknown channel type; expected one of: ${SUPPORTED_CHANNEL_TYPES.join(", ")} (accepted but not run by this port: ${GO_ONLY_CHANNEL_TYPES.join(", ")})`;

type Plugin = (typeof BUILTIN_CHANNELS)[number];
type EntrySchemas<T extends readonly Plugin[]> = {
  [K in keyof T]: T[K] extends Plugin ? EntrySchema<T[K]> : never;
};
type EntrySchema<P extends Plugin> = ReturnType<typeof entry<P["type"], P["settings"]>>;

// One variant option per channel plugin; the mapped type keeps each option's settings typed by its `type`.
const pluginEntries = BUILTIN_CHANNELS.map((p) => entry(p.type, p.settings)) as unknown as EntrySchemas<
  typeof BUILTIN_CHANNELS
>;

/** Schema of one channel entry. */
export const channelSchema = v.variant(
  "type",
  [...pluginEntries, goOnlyEntry],
  // Valibot reports a non-object entry and a bad `type` through the same message hook;
  // only the second carries a path.
  (issue) => (issue.path ? typeMessage : "expected an object"),
);

/** Schema of `channel_list`. */
export const channelListSchema = v.optional(
  v.record(v.string(), channelSchema, "expected an object of channels"),
  {},
);
