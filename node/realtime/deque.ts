/** A FIFO with O(1) push, shift and indexed access (Array#shift is O(n) once arrays grow large). */
export class Deque<T> {
  #items: (T | undefined)[] = []
  #head = 0

  get length(): number {
    return this.#items.length - this.#head
  }

  push(item: T): void {
    this.#items.push(item)
  }

  peek(): T | undefined {
    return this.#items[this.#head]
  }

  at(i: number): T | undefined {
    return i < 0 ? undefined : this.#items[this.#head + i]
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined
    const item = this.#items[this.#head]
    this.#items[this.#head++] = undefined
    // Reclaim the consumed prefix once it is most of the array.
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    } else if (this.#head === this.#items.length) {
      this.#items = []
      this.#head = 0
    }
    return item
  }

  /** Items from index `from` to the end, in order. */
  slice(from: number): T[] {
    return this.#items.slice(this.#head + Math.max(0, from)) as T[]
  }

  /** Keeps only the items for which `keep` is true (used to compact tombstones). */
  retain(keep: (item: T) => boolean): void {
    const kept: T[] = []
    for (let i = this.#head; i < this.#items.length; i++) {
      const item = this.#items[i] as T
      if (keep(item)) kept.push(item)
    }
    this.#items = kept
    this.#head = 0
  }
}
