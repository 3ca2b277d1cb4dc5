// A node that writes deliveries wakes its own delivery worker at once, rather than leaving them
// to its next poll. The write is not visible before its transaction commits, so the worker
// looks again shortly after a wake until it finds the work (see DeliveryWorker).
type Listener = () => void;
const listeners = new Set<Listener>();

/** Called after deliveries were written on this node. */
export function signalDeliveriesWritten(): void {
  for (const listener of listeners) listener();
}

/** Subscribes a worker; returns the function that unsubscribes it. */
export function onDeliveriesWritten(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
