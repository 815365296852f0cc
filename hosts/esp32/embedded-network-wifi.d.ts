// The SDK's ECMA-419 Wi-Fi network interface (modules/io/wifi in the SDK)
// has no declaration in @moddable/typings; this is the part
// hardware-random.ts uses.
declare module "embedded:network/interface/wifi" {
  export default class WiFi {
    constructor(options: { onChanged?: () => void });
    close(): void;
  }
}
