import type { Clock, Display, MessageDisplay, TimerId } from "../core/ports.ts";
import { DisplayError } from "./error.ts";
import { gridOf, type Geometry } from "./geometry.ts";
import { languagesOf, type LanguageMode } from "./language.ts";
import type { Message } from "./message.ts";
import { renderLines } from "./render.ts";
import { isIntegerIn } from "../core/integers.ts";

/** Options of {@link LineDisplayAdapter}. */
export interface LineDisplayOptions {
  /** the host's line display */
  display: Display;
  /** turns pages; the adapter holds at most one timer */
  clock: Clock;
  language: LanguageMode;
  geometry: Geometry;
  /** how long a page stays when a message has several (default 2000 ms, 500 to 60000) */
  pageMs?: number;
}

/**
 * The {@link MessageDisplay} port on top of a host's {@link Display}: each
 * message is rendered in the configured language for the configured size
 * and handed on as lines. A message that takes several pages (a long menu,
 * settlement totals on 2×16, a bilingual message that does not fit both
 * languages at once) shows its pages in turn, each for `pageMs`, until the
 * next message; the first page shows at once.
 */
export class LineDisplayAdapter implements MessageDisplay {
  readonly #display: Display;
  readonly #clock: Clock;
  readonly #language: LanguageMode;
  readonly #geometry: Geometry;
  readonly #pageMs: number;
  #pages: string[][] = [];
  #page = 0;
  #timer: TimerId | undefined;

  constructor(options: LineDisplayOptions) {
    gridOf(options.geometry);
    languagesOf(options.language);
    const pageMs = options.pageMs ?? 2000;
    if (!isIntegerIn(pageMs, 500, 60_000)) throw new DisplayError("DISPLAY_ARGUMENT", "pageMs must be an integer from 500 to 60000");
    this.#display = options.display;
    this.#clock = options.clock;
    this.#language = options.language;
    this.#geometry = options.geometry;
    this.#pageMs = pageMs;
  }

  /** Shows `message`, replacing whatever was shown. Throws a `DisplayError` for a bad message, leaving the screen as it was. */
  show(message: Message): void {
    const pages = renderLines(message, this.#language, this.#geometry);
    this.stop();
    this.#pages = pages;
    this.#page = 0;
    this.#display.show(pages[0].slice());
    if (pages.length > 1) this.#schedule();
  }

  /** How many pages the message on screen has. */
  get pageCount(): number {
    return this.#pages.length;
  }

  /** Stops turning pages; the page on screen stays. */
  stop(): void {
    if (this.#timer !== undefined) this.#clock.clear(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    this.#timer = this.#clock.set(() => {
      this.#page = (this.#page + 1) % this.#pages.length;
      this.#display.show(this.#pages[this.#page].slice());
      this.#schedule();
    }, this.#pageMs);
  }
}
