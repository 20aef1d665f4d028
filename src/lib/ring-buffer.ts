/** Fixed-capacity FIFO over a preallocated array. It never grows: `push` on a full buffer returns false. */

/** The slot count every queue in the gateway uses (bus, channel workers). */
export const QUEUE_SLOTS = 16;

/** A FIFO ring of at most `capacity` items; memory is allocated once. */
export class RingBuffer<T> {
  readonly #slots: (T | undefined)[];
  #head = 0;
  #size = 0;

  readonly capacity: number;

  constructor(capacity: number = QUEUE_SLOTS) {
    this.capacity = capacity;
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer`);
    this.#slots = new Array<T | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.#size;
  }

  get isFull(): boolean {
    return this.#size === this.capacity;
  }

  get isEmpty(): boolean {
    return this.#size === 0;
  }

  /** Appends at the tail; false when full (the caller decides whether to wait). */
  push(item: T): boolean {
    if (this.isFull) return false;
    this.#slots[(this.#head + this.#size) % this.capacity] = item;
    this.#size++;
    return true;
  }

  /** Removes from the head; undefined when empty. The slot is cleared so the item can be collected. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.capacity;
    this.#size--;
    return item;
  }

  /** Looks at the head without removing it. */
  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#head];
  }
}
