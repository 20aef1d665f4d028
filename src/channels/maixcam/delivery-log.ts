/**
 * Which connections already got which reply, so a retried or outbox-replayed send of the same
 * OutboundMessage id reaches only devices that missed it. A new connection from the address of a
 * recipient whose connection has since closed counts as that device reconnecting: it inherits the
 * delivery instead of getting the reply twice. Bounded: the oldest ids are forgotten.
 */

/** A connection as the log sees it: identity plus the address it came from. */
export interface Recipient {
  readonly address: string;
}

/** Remembers, per message id, the connections it was delivered to. */
export class DeliveryLog<R extends Recipient> {
  readonly #capacity: number;
  readonly #delivered = new Map<string, R[]>();

  constructor(capacity = 256) {
    this.#capacity = capacity;
  }

  /**
   * True when `recipient` already has message `id`, itself or as the reconnect of a closed
   * recipient from the same address (`isOpen` tells which recipients are still connected).
   */
  has(id: string, recipient: R, isOpen: (r: R) => boolean): boolean {
    const recipients = this.#delivered.get(id);
    if (!recipients) return false;
    if (recipients.includes(recipient)) return true;
    const index = recipients.findIndex((r) => r.address === recipient.address && !isOpen(r));
    if (index < 0) return false;
    // The reconnect takes the closed connection's place, so a second new connection from the same
    // address (a different camera behind one NAT) is still served.
    recipients[index] = recipient;
    return true;
  }

  /** Records a delivery; evicts the oldest id past capacity (Map keeps insertion order). */
  record(id: string, recipient: R): void {
    let recipients = this.#delivered.get(id);
    if (!recipients) {
      recipients = [];
      this.#delivered.set(id, recipients);
      if (this.#delivered.size > this.#capacity) {
        const oldest = this.#delivered.keys().next().value;
        if (oldest !== undefined) this.#delivered.delete(oldest);
      }
    }
    recipients.push(recipient);
  }
}
