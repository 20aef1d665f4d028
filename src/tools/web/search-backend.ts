/** The seam between `web_search` and a search engine. */

/** One search hit. */
export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
}

/** Time window: day, week, month, year. */
export type SearchRange = "d" | "w" | "m" | "y";

/** A search engine. Contract: throws on transport or HTTP failure; the tool turns that into an error result. */
export interface SearchBackend {
  readonly name: string;
  search(
    query: string,
    count: number,
    range: SearchRange | undefined,
    signal: AbortSignal,
  ): Promise<SearchResult[]>;
}
