/**
 * The part of the Moddable SDK's `embedded:storage/flash` (ECMA-419 flash
 * storage, in the SDK since 5.x and in SDK 8) that flash-log.ts uses.
 * `@moddable/typings` 5.6.0 on npm does not declare this module yet; the
 * SDK's own typings/embedded/storage/flash.d.ts replaces this file once it does.
 */
declare module "embedded:storage/flash" {
  export interface FlashOpenOptions {
    /** partition label (or "xs", "running", "nextota") */
    path: string;
    mode?: "r" | "r+";
  }

  export interface FlashStatus {
    size: number;
    blockLength: number;
    blocks: number;
  }

  export interface FlashPartition {
    close(): void;
    /** erases blocks `start` up to, not including, `end` (one block when `end` is absent) */
    eraseBlock(start: number, end?: number): void;
    read(byteLength: number, byteOffset: number): ArrayBuffer;
    write(buffer: ArrayBuffer | ArrayBufferView, byteOffset: number): void;
    status(): FlashStatus;
  }

  const FlashStorage: {
    open(options: FlashOpenOptions): FlashPartition;
  };
  export default FlashStorage;
}
