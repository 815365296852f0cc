/**
 * Published card data for the kernel's flows, beside test/modules/emv/vectors.ts.
 */
import { fromHex } from "../../../../modules/core/hex.ts";
import type { CaPublicKey } from "../../../../modules/emv/oda/ca-key.ts";

/**
 * lumag/emv-tools, src/maestro.emu: the Maestro card's application records
 * as its emulator answers READ RECORD (the AFL 08010500 10010201 names
 * SFI 1 records 1-5 and SFI 2 records 1-2, the first of SFI 2 for ODA).
 */
export const MAESTRO_RECORDS: { sfi: number; record: string; data: string }[] = [
  {
    sfi: 1,
    record: "01",
    data: "70 41 57 12 67 61 96 00 02 94 00 34 14 D1 61 12 26 00 18 70 79 67 5F 20 1A 4D 4F 4D 45 4E 54 55 4D 2F 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 9F 1F 0D 30 30 30 30 30 30 37 39 36 37 31 38 37",
  },
  {
    sfi: 1,
    record: "02",
    data: `70 81 93 90 81 90 2F 54 26 B3 7A 7B 04 FC 58 7B 75 AF 4B D3 89 F8 30 28 12 DA 92 C9 ED C0 3B 07
           AD 04 9F 56 CB 6A E6 CB 21 C2 55 F7 CE 6A F8 3F 7D 0F 57 6A 3D 85 A1 FD B6 9D BA E1 DB 6F EE F2
           4F 00 DC 78 D8 28 F7 41 65 23 7E C2 EF 75 0F 33 C0 84 A1 22 B3 78 ED 69 B1 48 35 17 51 3E 74 05
           C9 B5 05 1C B1 CE 7E 2F EC 55 72 17 FE E3 74 AC 59 3E D8 84 C6 08 F1 D2 6A D4 A0 59 7D 3A DF 57
           28 2B 5B 18 AA 4B FE 65 4D 5B 0D B7 62 72 54 17 CC BF 5A 3B 27 38`,
  },
  {
    sfi: 1,
    record: "03",
    data: `70 41 9F 32 01 03 92 24 C1 D7 8B 85 FB 98 66 3D 3C E7 65 3F 8C 94 78 DE 27 C7 67 7F 45 4C DE DD
           80 0D 6D 78 89 31 66 F9 E6 5F 5B 8F 9F 47 01 03 9F 48 0A AB 52 D7 48 6A 14 27 B3 65 F5 9F 49 03
           9F 37 04`,
  },
  { sfi: 1, record: "04", data: "70 03 8F 01 04" },
  {
    sfi: 1,
    record: "05",
    data: `70 81 94 9F 46 81 90 46 4E 31 90 7C E4 D5 2A A3 FE 33 92 3D A6 B6 E1 79 EF D7 56 A7 E5 14 CB D0
           F9 B2 CE E3 9D 89 99 0C 7F B2 31 C6 EA BF 23 CA DA C5 00 8E BB 94 CA F8 15 01 45 10 01 9A 76 76
           B4 3C 4E 5D C3 39 BA 37 EB 04 D6 E9 74 21 C0 3E 34 79 91 70 FF 52 A1 24 B6 ED 57 B7 DF 9F 1B 9D
           BA 2B 60 25 56 6E 6D B0 18 B5 D2 BD 01 DD 67 3C 94 55 45 1B 3E 80 1B 35 34 00 91 F2 0F DB 59 E8
           A2 21 93 35 19 A6 DD 39 B6 4D 84 47 BC 6C 90 17 03 AF 02 0F 7A 19 ED`,
  },
  {
    sfi: 2,
    record: "01",
    data: `70 81 86 5F 25 03 13 11 01 5F 24 03 16 11 30 5A 09 67 61 96 00 02 94 00 34 14 5F 34 01 01 8E 12
           00 00 00 00 00 00 00 00 42 01 02 04 44 03 01 03 02 00 9F 07 02 FF C0 9F 0D 05 B8 50 BC 80 00 9F
           0E 05 00 00 00 00 00 9F 0F 05 B8 70 BC 98 00 9F 4A 01 82 5F 28 02 06 43 8C 21 9F 02 06 9F 03 06
           9F 1A 02 95 05 5F 2A 02 9A 03 9C 01 9F 37 04 9F 35 01 9F 45 02 9F 4C 08 9F 34 03 8D 0C 91 0A 8A
           02 95 05 9F 37 04 9F 4C 08`,
  },
  { sfi: 2, record: "02", data: "70 0A 9F 08 02 00 02 9F 42 02 06 43" },
];

/**
 * lumag/emv-tools, data/mastercard.keys: Mastercard's (live, long expired)
 * CA public key 04, 1152 bits, exponent 3, with its published SHA-1 check
 * sum; the key the Maestro card's issuer certificate names (8F = 04).
 */
export const MAESTRO_CA_KEY: CaPublicKey = {
  rid: fromHex("A000000004"),
  index: 0x04,
  modulus: fromHex(
    `a6da428387a502d7ddfb7a74d3f412be762627197b25435b7a81716a700157ddd06f7cc99d6ca28c2470527e2c03616b
     9c59217357c2674f583b3ba5c7dcf2838692d023e3562420b4615c439ca97c44dc9a249cfce7b3bfb22f68228c3af133
     29aa4a613cf8dd853502373d62e49ab256d2bc17120e54aedced6d96a4287acc5c04677d4a5a320db8bee2f775e5fec5`,
  ),
  exponent: fromHex("03"),
  checksum: fromHex("381a035da58b482ee2af75f4c3f2ca469ba4aa6c"),
};
