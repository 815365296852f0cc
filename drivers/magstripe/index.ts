export { MagstripeReader, type MagstripeReaderOptions, type FluxTrackOptions, type StrobeTrackOptions } from "./reader.ts";
export type { Swipe, TrackResult } from "./swipe.ts";
export type { FluxCapture, FluxCaptureClass, DigitalInput, DigitalInputClass, IoSpec } from "./io.ts";
export { SwipeError, type SwipeErrorCode } from "./error.ts";
export { ENCODINGS, oddParity, type TrackEncoding } from "./encoding.ts";
export { decodeF2f, type F2fBits, type F2fOptions } from "./f2f.ts";
export { frameTrack, frameEitherWay, checkTrackRead, type TrackRead, type Direction } from "./framing.ts";
export { decodeFluxTrack, readFluxTrack, readBitTrack, type FluxTrackRead } from "./track-decoder.ts";
export { encodeTrackBits, fluxIntervals, type SwipeProfile } from "./encode.ts";
