// Playing: the loop that trains while the page draws. Each frame works on the run's steps
// (run.advance, the same step loop window.playground.step uses) for about FRAME_MS, up to
// `speed` steps, a step on a large batch going on over several frames; then the page draws.
// Steps a second are measured over the last second, or, where that holds no finished step (a
// step of several seconds, a frame of more than one), back to the frame before the last one.

const FRAME_MS = 12;
const PIECE = 2000;                     // nodes of work between two looks at the clock

/** @typedef {import("./run.js").Result} Result */

export class Player {
  /**
   * @param {import("./run.js").Run} run
   * @param {(result: Result) => boolean} stopped whether a step's result stops the run (the
   *   page says why)
   * @param {() => void} draw the page's drawing, after every frame
   * @param {(playing: boolean) => void} shown the play button's drawing
   */
  constructor(run, stopped, draw, shown) {
    this.run = run;
    this.stopped = stopped;
    this.draw = draw;
    this.shown = shown;
    this.playing = false;
    this.speed = 1;                     // steps a frame at most
    this.stepsPerSecond = 0;
    /** @type {[number, number][]} each recent frame's time and steps taken */
    this.recent = [];
  }

  /** @param {boolean} on */
  setPlaying(on) {
    this.playing = on;
    this.shown(on);
    if (on) {
      this.run.fork();
      this.recent = [];
      requestAnimationFrame(() => this.frame());
    }
  }

  frame() {
    if (!this.playing) return;
    const begun = performance.now();
    let taken = 0;
    while (taken < this.speed && performance.now() - begun < FRAME_MS) {
      const result = this.run.advance(PIECE);
      if (this.stopped(result)) break;
      if (!result.pending) taken += 1;
    }
    this.draw();
    this.count(taken, begun, performance.now());
    if (this.playing) requestAnimationFrame(() => this.frame());
  }

  // Steps a second, with a frame's `taken` steps, begun at `begun` and over at `now`: the steps
  // finished since the oldest frame kept, over the time since it ended. The oldest is dropped
  // once the next is a second old and ends a step (so the time counted starts where a step
  // did), as long as a finished step is left after that.
  /** @param {number} taken @param {number} begun @param {number} now */
  count(taken, begun, now) {
    const recent = this.recent;
    recent.push([now, taken]);
    const after = (/** @type {number} */ i) => recent.slice(i + 1).reduce((s, [, k]) => s + k, 0);
    while (recent.length > 2 && recent[1][1] > 0 && now - recent[1][0] >= 1000 && after(1) > 0) {
      recent.shift();
    }
    const span = (now - recent[0][0]) / 1000;
    this.stepsPerSecond = span > 0 ? after(0) / span
      : taken / Math.max(1e-3, (now - begun) / 1000);
  }
}
