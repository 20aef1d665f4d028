/**
 * `channel_list.<name>`: common fields plus a `settings` object checked by channel type.
 * `type` defaults to the key (filled in by prepare.ts before validation), so the union is
 * discriminated on `type` and consumers narrow with `if (channel.type === "telegram")`.
 */
import * as v from "valibot";
import { anyMap, bool, flexibleList, intValue, section, str, strList } from "../../lib/schema-fields.ts";
import { CHANNEL_SETTINGS, GO_ONLY_CHANNEL_TYPES, SUPPORTED_CHANNEL_TYPES } from "./channel-settings.ts";

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

/** Schema of one channel entry. */
export const channelSchema = v.variant(
  "type",
  [
    entry("pico", CHANNEL_SETTINGS.pico),
    entry("maixcam", CHANNEL_SETTINGS.maixcam),
    entry("mqtt", CHANNEL_SETTINGS.mqtt),
    entry("telegram", CHANNEL_SETTINGS.telegram),
    entry("discord", CHANNEL_SETTINGS.discord),
    entry("slack", CHANNEL_SETTINGS.slack),
    entry("line", CHANNEL_SETTINGS.line),
    entry("onebot", CHANNEL_SETTINGS.onebot),
    entry("whatsapp", CHANNEL_SETTINGS.whatsapp),
    goOnlyEntry,
  ],
  // Valibot reports a non-object entry and a bad `type` through the same message hook;
  // only the second carries a path.
  (issue) => (issue.path ? typeMessage : "expected an object"),
);

/** Schema of `channel_list`. */
export const channelListSchema = v.optional(
  v.record(v.string(), channelSchema, "expected an object of channels"),
  {},
);
