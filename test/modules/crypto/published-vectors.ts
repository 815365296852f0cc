/**
 * Published vectors for the crypto port, shared by the software backend's
 * suites (Node and XS) and the Node backend's suite. Hex as published,
 * white space ignored.
 */
import type { BlockAlgorithm, BlockMode, DigestAlgorithm } from "../../../modules/crypto/port.ts";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

export interface DigestVector {
  source: string;
  alg: DigestAlgorithm;
  message: Uint8Array;
  digest: string;
}

const ABC = ascii("abc");
const TWO_BLOCKS = ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");

export const DIGEST_VECTORS: DigestVector[] = [
  // FIPS 180-2, appendix A.1 and A.2 (SHA-1): one block, and the 448-bit message over two blocks
  { source: "FIPS 180-2 A.1", alg: "SHA-1", message: ABC, digest: "A9993E36 4706816A BA3E2571 7850C26C 9CD0D89D" },
  { source: "FIPS 180-2 A.2", alg: "SHA-1", message: TWO_BLOCKS, digest: "84983E44 1C3BD26E BAAE4AA1 F95129E5 E54670F1" },
  // FIPS 180-2, appendix B.1 and B.2 (SHA-256)
  { source: "FIPS 180-2 B.1", alg: "SHA-256", message: ABC, digest: "BA7816BF 8F01CFEA 414140DE 5DAE2223 B00361A3 96177A9C B410FF61 F20015AD" },
  { source: "FIPS 180-2 B.2", alg: "SHA-256", message: TWO_BLOCKS, digest: "248D6A61 D20638B8 E5C02693 0C3E6039 A33CE459 64FF2167 F6ECEDD4 19DB06C1" },
];

/** FIPS 180-2 appendices A.3 and B.3: one million times "a". */
export const MILLION_A = { message: new Uint8Array(1_000_000).fill(0x61), sha1: "34AA973C D4C4DAA4 F61EEB2B DBAD2731 6534016F", sha256: "CDC76E5C 9914FB92 81A1C7E2 84D73E67 F1809A48 A497200E 046D39CC C7112CD0" };

export interface BlockVector {
  source: string;
  alg: BlockAlgorithm;
  mode: BlockMode;
  key: string;
  iv?: string;
  plain: string;
  cipher: string;
}

// "Now is the time for all " in ASCII, the message of the FIPS 81 examples
const NOW_IS_THE_TIME = "4E6F772069732074 68652074696D6520 666F7220616C6C20";

export const BLOCK_VECTORS: BlockVector[] = [
  // FIPS 81 (DES modes of operation), appendix B, table B1: ECB
  { source: "FIPS 81 table B1", alg: "DES", mode: "ECB", key: "0123456789ABCDEF", plain: NOW_IS_THE_TIME, cipher: "3FA40E8A984D4815 6A271787AB8883F9 893D51EC4B563B53" },
  // FIPS 81, appendix C, table C1: CBC with IV 1234567890ABCDEF
  { source: "FIPS 81 table C1", alg: "DES", mode: "CBC", key: "0123456789ABCDEF", iv: "1234567890ABCDEF", plain: NOW_IS_THE_TIME, cipher: "E5C7CDDE872BF27C 43E934008C389C0F 683788499A7C05F6" },
  // FIPS 197, appendix C.1 (AES-128), C.2 (AES-192), C.3 (AES-256)
  { source: "FIPS 197 C.1", alg: "AES", mode: "ECB", key: "000102030405060708090A0B0C0D0E0F", plain: "00112233445566778899AABBCCDDEEFF", cipher: "69C4E0D86A7B0430D8CDB78070B4C55A" },
  { source: "FIPS 197 C.2", alg: "AES", mode: "ECB", key: "000102030405060708090A0B0C0D0E0F1011121314151617", plain: "00112233445566778899AABBCCDDEEFF", cipher: "DDA97CA4864CDFE06EAF70A0EC0D7191" },
  { source: "FIPS 197 C.3", alg: "AES", mode: "ECB", key: "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", plain: "00112233445566778899AABBCCDDEEFF", cipher: "8EA2B7CA516745BFEAFC49904B496089" },
  // NIST SP 800-38A, F.2.1 (CBC-AES128.Encrypt), first two blocks
  { source: "SP 800-38A F.2.1", alg: "AES", mode: "CBC", key: "2B7E151628AED2A6ABF7158809CF4F3C", iv: "000102030405060708090A0B0C0D0E0F", plain: "6BC1BEE22E409F96E93D7E117393172A AE2D8A571E03AC9C9EB76FAC45AF8E51", cipher: "7649ABAC8119B246CEE98E9B12E9197D 5086CB9B507219EE95DB113A917678B2" },
];

export interface RsaVector {
  source: string;
  modulus: string;
  exponent: string;
  input: string;
  output: string;
}

/**
 * RSA Laboratories, PKCS #1 v2.1 test vectors, oaep-int.txt (the worked
 * RSAES-OAEP example, 1024-bit key, e = 17): the encoded message EM raised
 * to e modulo n is the published ciphertext.
 */
export const RSA_OAEP_INT: RsaVector = {
  source: "PKCS #1 v2.1 oaep-int.txt",
  modulus: `bb f8 2f 09 06 82 ce 9c 23 38 ac 2b 9d a8 71 f7 36 8d 07 ee d4 10 43 a4 40 d6 b6 f0 74 54 f5 1f
            b8 df ba af 03 5c 02 ab 61 ea 48 ce eb 6f cd 48 76 ed 52 0d 60 e1 ec 46 19 71 9d 8a 5b 8b 80 7f
            af b8 e0 a3 df c7 37 72 3e e6 b4 b7 d9 3a 25 84 ee 6a 64 9d 06 09 53 74 88 34 b2 45 45 98 39 4e
            e0 aa b1 2d 7b 61 a5 1f 52 7a 9a 41 f6 c1 68 7f e2 53 72 98 ca 2a 8f 59 46 f8 e5 fd 09 1d bd cb`,
  exponent: "11",
  input: `00 eb 7a 19 ac e9 e3 00 63 50 e3 29 50 4b 45 e2 ca 82 31 0b 26 dc d8 7d 5c 68 f1 ee a8 f5 52 67
          c3 1b 2e 8b b4 25 1f 84 d7 e0 b2 c0 46 26 f5 af f9 3e dc fb 25 c9 c2 b3 ff 8a e1 0e 83 9a 2d db
          4c dc fe 4f f4 77 28 b4 a1 b7 c1 36 2b aa d2 9a b4 8d 28 69 d5 02 41 21 43 58 11 59 1b e3 92 f9
          82 fb 3e 87 d0 95 ae b4 04 48 db 97 2f 3a c1 4f 7b c2 75 19 52 81 ce 32 d2 f1 b7 6d 4d 35 3e 2d`,
  output: `12 53 e0 4d c0 a5 39 7b b4 4a 7a b8 7e 9b f2 a0 39 a3 3d 1e 99 6f c8 2a 94 cc d3 00 74 c9 5d f7
           63 72 20 17 06 9e 52 68 da 5d 1c 0b 4f 87 2c f6 53 c1 1d f8 23 14 a6 79 68 df ea e2 8d ef 04 bb
           6d 84 b1 c3 1d 65 4a 19 70 e5 78 3b d6 eb 96 a0 24 c2 ca 2f 4a 90 fe 9f 2e f5 c9 c1 40 e5 bb 48
           da 95 36 ad 87 00 c8 4f c9 13 0a de a7 4e 55 8d 51 a7 4d df 85 d8 b5 0d e9 68 38 d6 06 3e 09 55`,
};

/**
 * RSA Laboratories, PKCS #1 v2.1 test vectors, pkcs1v15sign-vectors.txt,
 * example 15 (2048-bit key, e = 65537), signature 15.5: the signature
 * raised to e modulo n is the EMSA-PKCS1-v1_5 encoding of the message's
 * SHA-1 digest.
 */
export const RSA_PKCS1_SIGNATURE_15_5 = {
  source: "PKCS #1 v2.1 pkcs1v15sign-vectors.txt, example 15.5",
  modulus: `df 27 1f d2 5f 86 44 49 6b 0c 81 be 4b d5 02 97 ef 09 9b 00 2a 6f d6 77 27 eb 44 9c ea 56 6e d6
            a3 98 1a 71 31 2a 14 1c ab c9 81 5c 12 09 e3 20 a2 5b 32 46 4e 99 99 f1 8c a1 3a 9f d3 89 25 58
            f9 e0 ad ef dd 36 50 dd 23 a3 f0 36 d6 0f e3 98 84 37 06 a4 0b 0b 84 62 c8 be e3 bc e1 2f 1f 28
            60 c2 44 4c dc 6a 44 47 6a 75 ff 4a a2 42 73 cc be 3b f8 02 48 46 5f 8f f8 c3 a7 f3 36 7d fc 0d
            f5 b6 50 9a 4f 82 81 1c ed d8 1c da aa 73 c4 91 da 41 21 70 d5 44 d4 ba 96 b9 7f 0a fc 80 65 49
            8d 3a 49 fd 91 09 92 a1 f0 72 5b e2 4f 46 5c fe 7e 0e ab f6 78 99 6c 50 bc 5e 75 24 ab f7 3f 15
            e5 be f7 d5 18 39 4e 31 38 ce 49 44 50 6a aa af 3f 9b 23 6d ca b8 fc 00 f8 7a f5 96 fd c3 d9 d6
            c7 5c d5 08 36 2f ae 2c be dd cc 4c 74 50 b1 7b 77 6c 07 9e cc a1 f2 56 35 1a 43 b9 7d be 21 53`,
  exponent: "01 00 01",
  message: "bd a3 a1 c7 90 59 ea e5 98 30 8d 3d f6 09",
  signature: `a1 56 17 6c b9 67 77 c7 fb 96 10 5d bd 91 3b c4 f7 40 54 f6 80 7c 60 08 a1 a9 56 ea 92 c1 f8 1c
              b8 97 dc 4b 92 ef 9f 4e 40 66 8d c7 c5 56 90 1a cb 6c f2 69 fe 61 5b 0f b7 2b 30 a5 13 38 69 23
              14 b0 e5 87 8a 88 c2 c7 77 4b d1 69 39 b5 ab d8 2b 44 29 d6 7b d7 ac 8e 5e a7 fe 92 4e 20 a6 ec
              66 22 91 f2 54 8d 73 4f 66 34 86 8b 03 9a a5 f9 d4 d9 06 b2 d0 cb 85 85 bf 42 85 47 af c9 1c 6e
              20 52 dd cd 00 1c 3e f8 c8 ee fc 3b 6b 2a 82 b6 f9 c8 8c 56 f2 e2 c3 cb 0b e4 b8 0d a9 5e ba 37
              1d 8b 5f 60 f9 25 38 74 3d db b5 da 29 72 c7 1f e7 b9 f1 b7 90 26 8a 0e 77 0f c5 eb 4d 5d d8 52
              47 d4 8a e2 ec 3f 26 25 5a 39 85 52 02 06 a1 f2 68 e4 83 e9 db b1 d5 ca b1 90 91 76 06 de 31 e7
              c5 18 2d 8f 15 1b f4 1d fe cc ae d7 cd e6 90 b2 16 47 10 6b 49 0c 72 9d 54 a8 fe 28 02 a6 d1 26`,
};

/** RFC 8017 §9.2, note 1: the DER DigestInfo that precedes a SHA-1 digest in EMSA-PKCS1-v1_5. */
export const SHA1_DIGEST_INFO = "30 21 30 09 06 05 2b 0e 03 02 1a 05 00 04 14";
