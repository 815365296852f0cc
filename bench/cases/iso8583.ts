import type { BenchCase } from "../case.ts";
import { fromHex } from "../../modules/core/hex.ts";
import { pack, unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A, ISO87B } from "../../modules/iso8583/dialect.ts";
import { isoMessage } from "../../modules/iso8583/message.ts";

/**
 * A chip sale request as a terminal sends it: card data, amounts, dates,
 * terminal and merchant, PIN block, and DE55 with the usual EMV tags
 * (cryptogram, CID, IAD, unpredictable number, ATC, TVR, date, type,
 * amount, currency, AIP, country, CVM results), about 140 bytes of TLV.
 */
export const SALE_FIELDS = {
  2: "4761739001010119",
  3: "000000",
  4: "000000005000",
  7: "0911131411",
  11: "000123",
  12: "131411",
  13: "0911",
  14: "2212",
  22: "051",
  23: "001",
  25: "00",
  35: "4761739001010119D22122011758928889",
  41: "12345678",
  42: "MOTITILL_000001",
  49: "404",
  52: "7434F67813BAE545",
  55:
    "9F2608C2C12B098F3DA6E39F2701809F10120110A0000F040000000000000000000000FF9F37045D0F8A3A9F3602000E950500000080009A032103089C01009F02060000000050005F2A020404820239009F1A0204049F03060000000000009F3303E0F8C89F34034203009F3501229F1E0831323334353637388407A0000000031010",
};

export function saleRequest() {
  const fields: Record<number, string | Uint8Array> = {};
  for (const [k, v] of Object.entries(SALE_FIELDS)) fields[Number(k)] = k === "52" || k === "55" ? fromHex(v) : k === "35" ? v.replace("D", "=") : v;
  return isoMessage("0200", fields);
}

function codecCase(dialectName: "iso87a" | "iso87b"): BenchCase {
  const dialect = dialectName === "iso87a" ? ISO87A : ISO87B;
  return {
    name: `iso8583.${dialectName}.packUnpack`,
    unit: `pack then strict unpack of a 0200 with track 2, PIN block and 140 bytes of DE55 (${dialectName})`,
    xsTargetUs: 1000,
    setup() {
      const message = saleRequest();
      return () => unpack(dialect, pack(dialect, message));
    },
  };
}

export const ISO8583_CASES = [codecCase("iso87a"), codecCase("iso87b")];
