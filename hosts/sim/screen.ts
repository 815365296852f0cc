/*
 * The simulator's screen, drawn with Piu on the Moddable simulator's
 * display (240 × 320): the terminal's screen at the top, the card row
 * (the card in hand, swipe, insert, remove, next card) and the 4 × 5 key
 * matrix under it, all clicked: the simulator keeps the computer's
 * keyboard for its own device buttons.
 */
import type { KeypadKey } from "../../modules/core/keys.ts";
import type { Display } from "../../modules/core/ports.ts";
import type { GraphicGeometry } from "../../modules/display/geometry.ts";
import { LAYOUT_4X5 } from "../../drivers/keypad/layouts.ts";

/** One line of the terminal's screen: the 16 px font and 6 px of leading. */
const LINE_PX = 22;
/** The terminal's screen in lines. */
const ROWS = 6;
/** One cell across: OpenSans is proportional; its widest capitals take about 12 px at 16 px. */
const CELL_PX = 12;
const WIDTH_PX = 240;
const STATUS_PX = 20;
const CARD_ROW_PX = 30;
const KEY_ROW_PX = 26;

/** The terminal's screen as modules/display lays it out: 240 × 132 px in cells of 12 × 22, 20 columns by 6 rows. */
export const SIM_SCREEN_GEOMETRY: GraphicGeometry = { kind: "graphic", widthPx: WIDTH_PX, heightPx: ROWS * LINE_PX, font: { narrowPx: CELL_PX, heightPx: LINE_PX } };

/** What the user does on the screen. */
export interface ScreenActions {
  key(key: KeypadKey): void;
  swipe(): void;
  insert(): void;
  remove(): void;
  /** picks the next card of the wallet; returns its label */
  nextCard(): string;
}

/** Labels on the keys (the matrix's own names are the terminal's). */
const KEY_CAPTIONS: Partial<Record<KeypadKey, string>> = { CANCEL: "Cancel", CLEAR: "Clear", ENTER: "Enter", MENU: "Menu" };

const black = new Skin({ fill: "black" });
const panel = new Skin({ fill: "#202830" });
const keySkin = new Skin({ fill: ["#505860", "#a0a8b0"] });
const cardSkin = new Skin({ fill: ["#2f5f8f", "#7fafdf"] });
const lineStyle = new Style({ font: "semibold 16px Open Sans", color: "white", horizontal: "left" });
const statusStyle = new Style({ font: "semibold 16px Open Sans", color: "#c0c8d0", horizontal: "left" });
const keyStyle = new Style({ font: "semibold 16px Open Sans", color: "white", horizontal: "center" });

/** A button: highlighted while pressed, acts on release inside it. */
class ButtonBehavior extends Behavior {
  #act: () => void = () => {};
  onCreate(_content: unknown, act: () => void): void {
    this.#act = act;
  }
  onTouchBegan(content: { state: number }): void {
    content.state = 1;
  }
  onTouchCancelled(content: { state: number }): void {
    content.state = 0;
  }
  onTouchEnded(content: { state: number; hit(x: number, y: number): unknown }, _id: string, x: number, y: number): void {
    content.state = 0;
    if (content.hit(x, y)) this.#act();
  }
}

type PiuSkin = InstanceType<typeof Skin>;
type PiuLabel = InstanceType<typeof Label>;

function button(caption: string, skin: PiuSkin, act: () => void, width: number): PiuLabel {
  return new Label(act, { width, top: 2, bottom: 2, left: 1, right: 1, active: true, skin, style: keyStyle, string: caption, Behavior: ButtonBehavior });
}

/**
 * The Piu application and the terminal's {@link Display} on it: `show`
 * puts the lines the terminal laid out (SIM_SCREEN_GEOMETRY) on the
 * screen, white on black, one label a line.
 */
export class SimScreen implements Display {
  readonly application: InstanceType<typeof Application>;
  readonly #lines: PiuLabel[] = [];
  readonly #status: PiuLabel;

  constructor(actions: ScreenActions, firstCard: string) {
    for (let i = 0; i < ROWS; i++) this.#lines.push(new Label(null, { left: 4, right: 0, top: i * LINE_PX, height: LINE_PX, style: lineStyle, string: "" }));
    this.#status = new Label(null, { left: 4, right: 0, top: ROWS * LINE_PX, height: STATUS_PX, style: statusStyle, string: firstCard });
    const third = Math.floor(WIDTH_PX / 4);
    const cardRow = new Row(null, {
      left: 0,
      right: 0,
      top: ROWS * LINE_PX + STATUS_PX,
      height: CARD_ROW_PX,
      contents: [
        button("Swipe", cardSkin, () => actions.swipe(), third),
        button("Insert", cardSkin, () => actions.insert(), third),
        button("Remove", cardSkin, () => actions.remove(), third),
        button("Card >", cardSkin, () => this.status(actions.nextCard()), third),
      ],
    });
    const keyTop = ROWS * LINE_PX + STATUS_PX + CARD_ROW_PX;
    const keyRows = LAYOUT_4X5.map(
      (keys, r) =>
        new Row(null, {
          left: 0,
          right: 0,
          top: keyTop + r * KEY_ROW_PX,
          height: KEY_ROW_PX,
          contents: keys.map((k) => button(KEY_CAPTIONS[k] ?? k, keySkin, () => actions.key(k), third)),
        }),
    );
    this.application = new Application(null, {
      left: 0,
      right: 0,
      top: 0,
      bottom: 0,
      skin: panel,
      // a whole screen of labels redrawn at once: the default lists (1 KB) overflow
      commandListLength: 4096,
      displayListLength: 4096,
      contents: [new Container(null, { left: 0, right: 0, top: 0, height: ROWS * LINE_PX, skin: black, contents: this.#lines }), this.#status, cardRow, ...keyRows],
    });
  }

  show(lines: string[]): void {
    for (let i = 0; i < this.#lines.length; i++) this.#lines[i].string = lines[i] ?? "";
  }

  /** The line under the terminal's screen: the card in hand. */
  status(text: string): void {
    this.#status.string = text;
  }
}
