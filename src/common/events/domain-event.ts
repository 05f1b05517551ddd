/**
 * An event that is recorded in the outbox in the same transaction as its change and published
 * on the event bus after the commit. `payload` must be plain JSON.
 */
export interface DomainEvent {
  readonly appUuid: string;
  readonly eventType: string;
  payload(): Record<string, unknown>;
}
