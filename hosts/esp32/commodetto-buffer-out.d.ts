// Commodetto's BufferOut (modules/commodetto in the SDK) has no declaration
// in @moddable/typings; this is the part lcd-check.ts uses.
declare module "commodetto/BufferOut" {
  import type Bitmap from "commodetto/Bitmap";
  import type PixelsOut from "commodetto/PixelsOut";

  /** Pixels written to memory instead of a display: `bitmap` is the frame, over its buffer. */
  interface BufferOut extends PixelsOut {
    readonly bitmap: Bitmap & { readonly buffer: ArrayBuffer };
  }
  const BufferOut: new (dictionary: { width: number; height: number; pixelFormat: number }) => BufferOut;
  export default BufferOut;
}
