/** Display and log ports that keep every line, so tests can read what a user or a log would see. */
import type { Display, Log } from "../../modules/core/ports.ts";

export class RecordingDisplay implements Display {
  readonly screens: string[][] = [];
  show(lines: string[]): void {
    this.screens.push([...lines]);
  }
  get last(): string[] {
    return this.screens[this.screens.length - 1] ?? [];
  }
}

export class RecordingLog implements Log {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
}
