/**
 * Runs tasks one after another: the agent's transactions go through one, so that two never race
 * for the same nonce, and each lease's steps go through their own, so that a chain event, an API
 * call and a container exit never act on a lease at once.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve()

  /** Runs `task` after every task queued before it; rejects with its error without blocking the rest. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task, task)
    this.#tail = result.catch(() => undefined)
    return result
  }

  /** Resolves once every queued task has settled. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined)
  }
}
