// The npm package des.js ships no types; this is the part software-crypto.ts uses.
declare module "des.js" {
  interface DesOptions {
    type: "encrypt" | "decrypt";
    key: ArrayLike<number>;
    iv?: ArrayLike<number>;
    /** PKCS#5 padding; on unless false */
    padding?: boolean;
  }
  interface DesCipher {
    update(data: ArrayLike<number>): number[];
    final(data?: ArrayLike<number>): number[];
  }
  interface DesCipherClass {
    create(options: DesOptions): DesCipher;
  }
  export const DES: DesCipherClass;
  export const EDE: DesCipherClass;
  export const CBC: { instantiate(base: DesCipherClass): DesCipherClass };
}
