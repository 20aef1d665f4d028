/** `tools.web`: fetch limits and the search engines (sogou needs no key, so it is on by default). */
import type * as v from "valibot";
import { bool, flexibleList, int, section, str, strList } from "../../lib/schema-fields.ts";

// One shape for every engine: Go's per-engine structs differ only in which of these they use,
// and PicoClaw's example config mixes `api_key` and `api_keys` on the same engine.
const engine = <const E extends v.ObjectEntries = Record<never, never>>(
  enabled: boolean,
  maxResults: number,
  baseUrl = "",
  extra?: E,
) =>
  section({
    enabled: bool(enabled),
    api_key: str(),
    api_keys: strList(),
    base_url: str(baseUrl),
    max_results: int(maxResults, 0),
    ...(extra as E),
  });

/** Schema of `tools.web`. */
export const webSchema = section({
  enabled: bool(true),
  provider: str("auto"),
  prefer_native: bool(true),
  proxy: str(),
  fetch_limit_bytes: int(10 * 1024 * 1024, 1),
  format: str("plaintext"),
  private_host_whitelist: flexibleList(),
  sogou: engine(true, 5),
  duckduckgo: engine(false, 5),
  brave: engine(false, 5),
  tavily: engine(false, 5),
  kagi: engine(false, 5, "https://kagi.com/api/v1/search"),
  gemini: engine(false, 5, "", { model: str("gemini-2.5-flash") }),
  perplexity: engine(false, 5),
  searxng: engine(false, 5),
  glm_search: engine(false, 5, "https://open.bigmodel.cn/api/paas/v4/web_search", {
    search_engine: str("search_std"),
  }),
  baidu_search: engine(false, 10, "https://qianfan.baidubce.com/v2/ai_search/web_search"),
});
