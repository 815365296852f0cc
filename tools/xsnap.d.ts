// The npm package @agoric/xsnap ships JSDoc types that TypeScript does not
// pick up from its entry point; this is the part tools/xs-worker.ts uses.
declare module "@agoric/xsnap" {
  export interface XsnapWorker {
    evaluate(code: string): Promise<{ reply: Uint8Array; meterUsage: { compute: number | null; allocate: number | null; currentHeapCount: number | null } }>;
    close(): Promise<void>;
    /** kills the xsnap process at once */
    terminate(): Promise<void>;
  }
  export function xsnap(options: Record<string, unknown>): Promise<XsnapWorker>;
}
declare module "@endo/init";
