/**
 * Card data published by other projects, in hex as each project prints
 * it (`fromHex` ignores the spaces), with where it comes from. The PANs
 * are the published ones: test cards, or a card long expired.
 */

/** lumag/emv-tools, data/maestro.emu: the responses of a Maestro card, as the project's card emulator replays them. */
export const MAESTRO = {
  /** FCI of SELECT 1PAY.SYS.DDF01 */
  pseFci: "6F 20 84 0E 31 50 41 59 2E 53 59 53 2E 44 44 46 30 31 A5 0E 88 01 01 5F 2D 04 72 75 65 6E 9F 11 01 01",
  /** record 1 of the PSE directory */
  pseRecord: "70 1E 61 1C 4F 07 A0 00 00 00 04 30 60 50 07 4D 61 65 73 74 72 6F 9F 12 07 4D 61 65 73 74 72 6F",
  /** FCI of SELECT A0000000043060 */
  adfFci:
    "6F 31 84 07 A0 00 00 00 04 30 60 A5 26 50 07 4D 61 65 73 74 72 6F 5F 2D 04 72 75 65 6E 9F 11 01 01 9F 12 07 4D 61 65 73 74 72 6F BF 0C 05 9F 4D 02 0B 0A",
  /** GET PROCESSING OPTIONS response, format 2 */
  gpo: "77 0E 82 02 38 00 94 08 08 01 05 00 10 01 02 01",
  /** SFI 1 record 1: track 2 equivalent, cardholder name, track 1 discretionary data */
  sfi1Record1:
    "70 41 57 12 67 61 96 00 02 94 00 34 14 D1 61 12 26 00 18 70 79 67 5F 20 1A 4D 4F 4D 45 4E 54 55 4D 2F 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 9F 1F 0D 30 30 30 30 30 30 37 39 36 37 31 38 37",
  /** SFI 1 record 3: issuer public key exponent and remainder, ICC key exponent and remainder, DDOL */
  sfi1Record3:
    "70 41 9F 32 01 03 92 24 C1 D7 8B 85 FB 98 66 3D 3C E7 65 3F 8C 94 78 DE 27 C7 67 7F 45 4C DE DD 80 0D 6D 78 89 31 66 F9 E6 5F 5B 8F 9F 47 01 03 9F 48 0A AB 52 D7 48 6A 14 27 B3 65 F5 9F 49 03 9F 37 04",
  /** SFI 2 record 1: dates, PAN, CVM List, AUC, IACs, SDA tag list, CDOL1, CDOL2 */
  sfi2Record1:
    "70 81 86 5F 25 03 13 11 01 5F 24 03 16 11 30 5A 09 67 61 96 00 02 94 00 34 14 5F 34 01 01 8E 12 00 00 00 00 00 00 00 00 42 01 02 04 44 03 01 03 02 00 9F 07 02 FF C0 9F 0D 05 B8 50 BC 80 00 9F 0E 05 00 00 00 00 00 9F 0F 05 B8 70 BC 98 00 9F 4A 01 82 5F 28 02 06 43 8C 21 9F 02 06 9F 03 06 9F 1A 02 95 05 5F 2A 02 9A 03 9C 01 9F 37 04 9F 35 01 9F 45 02 9F 4C 08 9F 34 03 8D 0C 91 0A 8A 02 95 05 9F 37 04 9F 4C 08",
  /** SFI 2 record 2 */
  sfi2Record2: "70 0A 9F 08 02 00 02 9F 42 02 06 43",
  /** GET DATA 9F4F: the Log Format, a list of tags and lengths */
  logFormat: "9F 4F 11 9F 27 01 9F 02 06 5F 2A 02 9A 03 9F 36 02 9F 52 06",
  /** the CVM List, Application Usage Control, Issuer Action Codes, CDOL1 and CDOL2 of sfi2Record1 */
  cvmList: "00 00 00 00 00 00 00 00 42 01 02 04 44 03 01 03 02 00",
  auc: "FF C0",
  iacDefault: "B8 50 BC 80 00",
  iacOnline: "B8 70 BC 98 00",
  cdol1: "9F 02 06 9F 03 06 9F 1A 02 95 05 5F 2A 02 9A 03 9C 01 9F 37 04 9F 35 01 9F 45 02 9F 4C 08 9F 34 03",
  cdol2: "91 0A 8A 02 95 05 9F 37 04 9F 4C 08",
} as const;

/** russss/python-emv, emv/protocol/test/test_structures.py and emv/test/fixtures.py (Barclays cards). */
export const PYTHON_EMV = {
  /** FCI of the Barclays PINsentry application */
  fci: "6F 1D 84 07 A0 00 00 00 03 80 02 A5 12 50 08 42 41 52 43 4C 41 59 53 87 01 00 5F 2D 02 65 6E",
  /** GENERATE AC response, format 2 */
  generateAc: "77 1E 9F 27 01 80 9F 36 02 00 05 9F 26 08 6E CF 93 47 C1 A9 24 71 9F 10 07 06 0B 0A 03 A4 90 00",
  /** a PSE record with three application templates */
  pseRecord: `70 4A 61 16 4F 07 A0 00 00 00 29 10 10 50 08 4C 49 4E 4B 20
              41 54 4D 87 01 01
              61 18 4F 07 A0 00 00 00 03 10 10 50 0A 56 49 53 41 20
              44 45 42 49 54 87 01 02
              61 16 4F 07 A0 00 00 00 03 80 02 50 08 42 41 52 43 4C
              41 59 53 87 01 00`,
  /** APP_DATA: a record of the PINsentry application (CDOL1, CDOL2, CVM List, PAN) */
  appData: `70 68 8C 15 9F 02 06 9F 03 06 9F 1A 02 95 05 5F 2A 02 9A 03 9C
            01 9F 37 04 8D 17 8A 02 9F 02 06 9F 03 06 9F 1A 02 95 05 5F 2A
            02 9A 03 9C 01 9F 37 04 8E 0A 00 00 00 00 00 00 00 00 01 00 9F
            56 12 80 00 FF 00 00 00 00 00 01 FF FF 00 00 00 00 00 00 00 9F
            55 01 A0 5A 08 46 58 12 34 56 78 90 09 5F 34 01 00 9F 08 02 00
            01`,
  /** Barclays debit CDOL1 */
  cdol1: "9F 02 06 9F 03 06 9F 1A 02 95 05 5F 2A 02 9A 03 9C 01 9F 37 04",
  /** the GENERATE AC data test_serialise builds from 9A = 010101 and 95 = 8000000000 */
  cdol1Data: `00 00 00 00 00 00 00 00 00 00 00 00 00 00 80 00 00 00 00 00 00
              01 01 01 00 00 00 00 00`,
  /** test_dol: a DOL that names 9A twice */
  repeatedDol: "9F 66 04 9F 02 06 9F 03 06 9F 1A 02 95 05 5F 2A 02 9A 03 9C 01 9F 37 04 9A 03",
  /** test_cvmlist */
  cvmList: "00 00 00 00 00 00 00 00 41 03 1E 03 02 03 1F 03",
} as const;

/** openemv/emv-utils. */
export const OPENEMV = {
  /** README, the `emv-decode --tlv` example */
  readmeTlv: "701A9F390105571040123456789095D2512201197339300F82025900",
  /** README, the `emv-decode --dol` example */
  readmeDol: "9F1A029F33039F4005",
  /** tests/emv_read_application_data_test.c, test 7: a Visa test card's record */
  visaRecord: `70 33 57 11 47 61 73 90 01 01 01 19
               D2 21 22 01 17 58 92 88 89 5F 20 0C
               45 58 50 49 52 45 44 2F 43 41 52 44
               9F 1F 0E 31 37 35 38 39 30 39 36 30
               30 30 30 30 30`,
  /** test 6: the same record, its 9F1F announcing one byte more than it has ("Malformed EMV data") */
  visaRecordMalformed: `70 33 57 11 47 61 73 90 01 01 01 19
               D2 21 22 01 17 58 92 88 89 5F 20 0C
               45 58 50 49 52 45 44 2F 43 41 52 44
               9F 1F 0F 31 37 35 38 39 30 39 36 30
               30 30 30 30 30`,
  /** test 8: a record holding an empty 92 */
  emptyRemainderRecord: "70 13 8F 01 94 92 00 9F 32 01 03 9F 47 01 03 9F 49 03 9F 37 04",
  /** tests/emv_initiate_application_processing_test.c: GPO responses, format 1 and format 2 */
  gpoFormat1: "80 0E 78 00 08 02 02 00 10 01 04 00 18 01 02 01",
  gpoFormat2: "77 0E 82 02 39 00 94 08 18 01 02 01 20 02 04 00",
  /** the same test's Terminal Capabilities */
  terminalCapabilities: "60 F0 C8",
  /** tests/emv_cvmlist_test.c test 6: several CV Rules */
  cvmList6: "00 00 00 00 00 00 00 00 42 01 44 03 41 03 5E 03 42 03 1F 03",
  /** test 3: X = 100000, Y = 1000, signature if the terminal supports it */
  cvmList3: "00 01 86 A0 00 00 03 E8 1E 03",
  /** test 1: amounts and no CV Rule */
  cvmListNoRule: "00 01 86 A0 00 00 03 E8",
  /** test 2: a CV Rule cut short */
  cvmListOdd: "00 01 86 A0 00 00 03 E8 1E 03 42",
} as const;

/**
 * MichaelsPlayground/TalkToYourCreditCardPart7, logfile.md: a Debit
 * Mastercard's answer to SELECT 2PAY.SYS.DDF01 (status word removed).
 */
export const MASTERCARD_PPSE =
  "6f3c840e325041592e5359532e4444463031a52abf0c2761254f07a000000004101050104465626974204d6173746572436172648701019f0a0400010101";
