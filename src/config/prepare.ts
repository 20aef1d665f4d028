/**
 * Normalises raw JSON before validation: drops `_comment` keys (PicoClaw's example config
 * documents itself with them), drops null channel entries, and fills a channel's `type`
 * from its key, so the schema can discriminate on `type`.
 */
type Obj = Record<string, unknown>;

/** Prepares `raw` in place. */
export function prepareRaw(raw: Obj): void {
  stripComments(raw);
  const channels = raw["channel_list"];
  if (typeof channels !== "object" || channels === null || Array.isArray(channels)) return;
  const list = channels as Obj;
  for (const [name, entry] of Object.entries(list)) {
    if (entry === null) delete list[name];
    else if (typeof entry === "object" && !Array.isArray(entry)) {
      const channel = entry as Obj;
      if (channel["type"] === undefined || channel["type"] === "") channel["type"] = name;
    }
  }
}

function stripComments(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) stripComments(item);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  const obj = value as Obj;
  delete obj["_comment"];
  for (const item of Object.values(obj)) stripComments(item);
}
