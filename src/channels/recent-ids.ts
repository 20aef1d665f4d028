/**
 * A fixed-size memory of recently seen ids, for dropping redelivered events. Memory is bounded: the
 * oldest id is forgotten when a new one arrives at capacity.
 */

/** Remembers the last `capacity` ids. */
export class RecentIds {
  readonly #ring: (string | undefined)[];
  readonly #set = new Set<string>();
  #next = 0;

  constructor(capacity = 1024) {
    this.#ring = new Array<string | undefined>(capacity).fill(undefined);
  }

  /** Records `id`; true when it is new, false when it was seen recently. Empty ids are always new. */
  add(id: string): boolean {
    if (id === "") return true;
    if (this.#set.has(id)) return false;
    const old = this.#ring[this.#next];
    if (old !== undefined) this.#set.delete(old);
    this.#ring[this.#next] = id;
    this.#set.add(id);
    this.#next = (this.#next + 1) % this.#ring.length;
    return true;
  }
}
