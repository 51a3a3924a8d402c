// Playing: the loop that trains while the page draws. Each frame works on the run's steps
// (run.advance, the same step loop window.playground.step uses) for about FRAME_MS, up to
// `speed` steps, a step on a large batch going on over several frames; then the page draws.
// Steps a second are measured over the last second.

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
    const now = performance.now();
    this.recent = [...this.recent.filter(([t]) => now - t < 1000), [now, taken]];
    const span = (now - this.recent[0][0]) / 1000;
    this.stepsPerSecond = span > 0 ? this.recent.slice(1).reduce((s, [, k]) => s + k, 0) / span
      : taken / Math.max(1e-3, (now - begun) / 1000);
    if (this.playing) requestAnimationFrame(() => this.frame());
  }
}
