// Which of a view's elements are on the screen, so that what is scrolled away is not redrawn
// with every training step: the numbers of the graph of one sample, below the playground's
// plane, are most of a frame's layout (SVG text), and most of them lie under the fold. An
// element coming into view is painted then, by `shown`. Without IntersectionObserver (Node)
// every element counts as on the screen.

/** @template T what repaints one element */
export class OnScreen {
  /** @param {(painter: T) => void} shown what to do as an element comes into view */
  constructor(shown) {
    this.shown = shown;
    /** @type {Map<Element, T>} */
    this.painters = new Map();
    /** @type {Set<T>} the painters of the elements off the screen */
    this.off = new Set();
    this.watch = typeof IntersectionObserver === "function"
      ? new IntersectionObserver((entries) => this.moved(entries)) : null;
  }

  /** Watch `element`, repainted by `painter`. @param {Element} element @param {T} painter */
  add(element, painter) {
    this.painters.set(element, painter);
    this.watch?.observe(element);
  }

  /** Whether `painter`'s element is on the screen. @param {T} painter */
  has(painter) {
    return !this.off.has(painter);
  }

  /** Forget every element (the view is drawn anew). */
  clear() {
    this.watch?.disconnect();
    this.painters.clear();
    this.off.clear();
  }

  /** @param {IntersectionObserverEntry[]} entries */
  moved(entries) {
    for (const { target, isIntersecting } of entries) {
      const painter = this.painters.get(target);
      if (painter === undefined) continue;
      if (!isIntersecting) this.off.add(painter);
      else if (this.off.delete(painter)) this.shown(painter);
    }
  }
}
