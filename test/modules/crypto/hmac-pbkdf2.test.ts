/**
 * HMAC-SHA-256 and PBKDF2-HMAC-SHA-256 on the crypto port's digest,
 * against published vectors.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { CryptoError } from "../../../modules/crypto/error.ts";
import { hmacSha256 } from "../../../modules/crypto/hmac.ts";
import { pbkdf2HmacSha256 } from "../../../modules/crypto/pbkdf2.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto();
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

test("HMAC-SHA-256: RFC 4231 test cases 1, 2 and 6 (a key longer than the block)", (t) => {
  // RFC 4231 §4.2, §4.3, §4.7
  t.is(toHex(hmacSha256(crypto, new Uint8Array(20).fill(0x0b), ascii("Hi There"))), "B0344C61D8DB38535CA8AFCEAF0BF12B881DC200C9833DA726E9376C2E32CFF7");
  t.is(toHex(hmacSha256(crypto, ascii("Jefe"), ascii("what do ya want for nothing?"))), "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843");
  t.is(
    toHex(hmacSha256(crypto, new Uint8Array(131).fill(0xaa), ascii("Test Using Larger Than Block-Size Key - Hash Key First"))),
    "60E431591EE0B67F0D8A26AACBF5B77F8E0BC6213728C5140546040F0EE37F54",
  );
});

test("PBKDF2-HMAC-SHA-256: RFC 7914 §11, one iteration, 64 bytes (two PRF blocks)", (t) => {
  // RFC 7914 §11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, dkLen=64)
  t.is(
    toHex(pbkdf2HmacSha256(crypto, ascii("passwd"), ascii("salt"), 1, 64)),
    toHex(fromHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")),
  );
});

test("PBKDF2-HMAC-SHA-256: 2 and 4096 iterations, and a 40-byte key (the published PBKDF2-HMAC-SHA256 vectors after RFC 6070)", (t) => {
  // the SHA-256 counterparts of the RFC 6070 vectors, published at https://stackoverflow.com/a/5136918
  t.is(toHex(pbkdf2HmacSha256(crypto, ascii("password"), ascii("salt"), 2, 32)), "AE4D0C95AF6B46D32D0ADFF928F06DD02A303F8EF3C251DFD6E2D85A95474C43");
  t.is(toHex(pbkdf2HmacSha256(crypto, ascii("password"), ascii("salt"), 4096, 32)), "C5E478D59288C841AA530DB6845C4C8D962893A001CE4E11A4963873AA98134A");
  t.is(
    toHex(pbkdf2HmacSha256(crypto, ascii("passwordPASSWORDpassword"), ascii("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096, 40)),
    "348C89DBCBD32B2F32D814B8116E84CF2B17347EBC1800181C4E2A1FB8DD53E1C635518C7DAC47E9",
  );
});

test("PBKDF2 refuses an iteration count or a length out of range with CRYPTO_PARAMETER", (t) => {
  for (const [iterations, length] of [[0, 32], [1.5, 32], [1, 0], [1, 2000]]) {
    const e = t.throws(() => pbkdf2HmacSha256(crypto, ascii("p"), ascii("s"), iterations, length));
    t.true(e instanceof CryptoError);
    t.is((e as CryptoError).code, "CRYPTO_PARAMETER");
  }
});
