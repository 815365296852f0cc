import type { AidJson, TerminalConfigJson } from "./to-json.ts";

/*
 * A sample configuration, in the JSON form `parseTerminalConfig` reads:
 * a merchant-attended Hong Kong terminal (HKD, prompts in English and
 * Chinese) that accepts Visa, Mastercard, UnionPay and American Express
 * on contact, with the schemes' published TEST CA keys. Test keys only:
 * a terminal in service loads the live keys its acquirer gives it.
 *
 * Where the values come from:
 * - CA keys (RID, index, modulus, exponent, checksum): openemv/emv-utils,
 *   src/emv_capk_static_data.h (commit c29b155), which checks each
 *   checksum when it loads them; expiry dates: DspreadOrg/qpos,
 *   docs/assets/emv_profile_tlv_qpos_mini.xml.
 * - Default DDOLs and TDOLs, and the Visa and Mastercard TACs:
 *   DspreadOrg/qpos, docs/assets/emv_profile_tlv_qpos_mini.xml (the
 *   American Express entry leaves its TDOL out, as a configuration may).
 *   The Visa TACs are also those of the Visa test transaction in
 *   globalpayments/java-sdk, GpApiCreditTests (tags FFC6-FFC8). UnionPay
 *   and American Express TACs: DspreadOrg/qpos,
 *   docs/assets/emv_profile_tlv_cr100.xml.
 * - Application versions, floor limit and random selection (10000 minor
 *   units, threshold 5000, 25 % up to 50 %): openemv/emv-utils,
 *   tools/emv-config-example.xml (Visa 012C as that file has it, and
 *   0096 as the qpos profile has it; Mastercard 0002; Amex 0001).
 *   UnionPay's versions are those of PBOC 3.0 and 2.0 cards (0030, 0020).
 * - Terminal Capabilities 60F8C8: magnetic stripe and IC; plaintext and
 *   enciphered offline PIN, enciphered online PIN, signature, no CVM; SDA,
 *   DDA, CDA (EMV Book 4 annex A2). Additional Terminal Capabilities
 *   E800A0F001: cash, goods, services, inquiry; numeric and command keys;
 *   printer and display for attendant and cardholder; code table 1
 *   (annex A3). Terminal Type 22: merchant-attended, offline with online
 *   capability (annex A1).
 */

const VISA_TACS = { tacDenial: "0010000000", tacOnline: "DC4004F800", tacDefault: "DC4000A800" };
const MASTERCARD_TACS = { tacDenial: "0000000000", tacOnline: "FC50BC8000", tacDefault: "FC50BC8000" };
const UNIONPAY_TACS = { tacDenial: "0810000000", tacOnline: "D84004F800", tacDefault: "D84000A800" };
const AMEX_TACS = { tacDenial: "0000000000", tacOnline: "CC00008000", tacDefault: "CC00008000" };

/** Floor limit and biased random selection shared by the sample's applications. */
const RISK = { floorLimit: 10000, threshold: 5000, targetPercentage: 25, maxTargetPercentage: 50 };

function unionPay(aid: string, label: string, priority: number): AidJson {
  return {
    aid,
    label,
    partialSelection: false,
    priority,
    applicationVersions: ["0030", "0020"],
    ...UNIONPAY_TACS,
    ...RISK,
    defaultDdol: "9F3704",
    defaultTdol: "9F1A0295059A039C01",
    onlinePin: true,
  };
}

/** The sample configuration, valid as it stands (the tests hold it to that). */
export const SAMPLE_CONFIG: TerminalConfigJson = {
  version: 1,
  terminal: {
    terminalType: "22",
    capabilities: "60F8C8",
    additionalCapabilities: "E800A0F001",
    countryCode: "344",
    currencyCode: "344",
    currencyExponent: 2,
    merchantCategoryCode: "5999",
    merchantIdentifier: "XSPOS0000000001",
    terminalIdentification: "TID00001",
    ifdSerialNumber: "SN000001",
    acquirerIdentifier: "123456789",
    merchantNameAndLocation: "XSPOS SAMPLE SHOP, HONG KONG",
    timeZone: { name: "Asia/Hong_Kong", offsetMinutes: 480 },
    languages: ["en", "zh"],
  },
  aids: [
    {
      aid: "A0000000031010",
      label: "VISA",
      partialSelection: true,
      priority: 1,
      applicationVersions: ["012C", "0096"],
      ...VISA_TACS,
      ...RISK,
      defaultDdol: "9F3704",
      defaultTdol: "9F1A0295059A039C01",
      onlinePin: true,
      transactionLimit: 3000000,
    },
    {
      aid: "A0000000041010",
      label: "MASTERCARD",
      partialSelection: true,
      priority: 1,
      applicationVersions: ["0002"],
      ...MASTERCARD_TACS,
      ...RISK,
      defaultDdol: "9F3704",
      defaultTdol: "9F02065F2A029A039C0195059F3704",
      onlinePin: true,
      transactionLimit: 3000000,
    },
    unionPay("A000000333010101", "UNIONPAY DEBIT", 2),
    unionPay("A000000333010102", "UNIONPAY CREDIT", 2),
    unionPay("A000000333010103", "UNIONPAY QCREDIT", 3),
    {
      aid: "A00000002501",
      label: "AMERICAN EXPRESS",
      partialSelection: true,
      priority: 1,
      applicationVersions: ["0001"],
      ...AMEX_TACS,
      ...RISK,
      defaultDdol: "9F3704",
      onlinePin: false,
    },
  ],
  caKeys: [
    // Visa test key 92, 1408 bits
    {
      rid: "A000000003",
      index: "92",
      modulus:
        "996AF56F569187D09293C14810450ED8EE3357397B18A2458EFAA92DA3B6DF6514EC060195318FD43BE9B8F0CC669E3F" +
        "844057CBDDF8BDA191BB64473BC8DC9A730DB8F6B4EDE3924186FFD9B8C7735789C23A36BA0B8AF65372EB57EA5D89E7" +
        "D14E9C7B6B557460F10885DA16AC923F15AF3758F0F03EBD3C5C2C949CBA306DB44E6A2C076C5F67E281D7EF56785DC4" +
        "D75945E491F01918800A9E2DC66F60080566CE0DAF8D17EAD46AD8E30A247C9F",
      exponent: "03",
      expiry: "20311222",
      hashAlgorithm: "01",
      checksum: "429C954A3859CEF91295F663C963E582ED6EB253",
    },
    // Visa test key 94, 1984 bits
    {
      rid: "A000000003",
      index: "94",
      modulus:
        "ACD2B12302EE644F3F835ABD1FC7A6F62CCE48FFEC622AA8EF062BEF6FB8BA8BC68BBF6AB5870EED579BC3973E121303" +
        "D34841A796D6DCBC41DBF9E52C4609795C0CCF7EE86FA1D5CB041071ED2C51D2202F63F1156C58A92D38BC60BDF424E1" +
        "776E2BC9648078A03B36FB554375FC53D57C73F5160EA59F3AFC5398EC7B67758D65C9BFF7828B6B82D4BE124A416AB7" +
        "301914311EA462C19F771F31B3B57336000DFF732D3B83DE07052D730354D297BEC72871DCCF0E193F171ABA27EE464C" +
        "6A97690943D59BDABB2A27EB71CEEBDAFA1176046478FD62FEC452D5CA393296530AA3F41927ADFE434A2DF2AE3054F8" +
        "840657A26E0FC617",
      exponent: "03",
      expiry: "20311222",
      hashAlgorithm: "01",
      checksum: "C4A3C43CCF87327D136B804160E47D43B60E6E0F",
    },
    // Visa test key 95, 1152 bits
    {
      rid: "A000000003",
      index: "95",
      modulus:
        "BE9E1FA5E9A803852999C4AB432DB28600DCD9DAB76DFAAA47355A0FE37B1508AC6BF38860D3C6C2E5B12A3CAAF2A700" +
        "5A7241EBAA7771112C74CF9A0634652FBCA0E5980C54A64761EA101A114E0F0B5572ADD57D010B7C9C887E104CA4EE12" +
        "72DA66D997B9A90B5A6D624AB6C57E73C8F919000EB5F684898EF8C3DBEFB330C62660BED88EA78E909AFF05F6DA627B",
      exponent: "03",
      expiry: "20311222",
      hashAlgorithm: "01",
      checksum: "EE1511CEC71020A9B90443B37B1D5F6E703030F6",
    },
    // Mastercard test key EF, 1984 bits
    {
      rid: "A000000004",
      index: "EF",
      modulus:
        "A191CB87473F29349B5D60A88B3EAEE0973AA6F1A082F358D849FDDFF9C091F899EDA9792CAF09EF28F5D22404B88A22" +
        "93EEBBC1949C43BEA4D60CFD879A1539544E09E0F09F60F065B2BF2A13ECC705F3D468B9D33AE77AD9D3F19CA40F23DC" +
        "F5EB7C04DC8F69EBA565B1EBCB4686CD274785530FF6F6E9EE43AA43FDB02CE00DAEC15C7B8FD6A9B394BABA419D3F6D" +
        "C85E16569BE8E76989688EFEA2DF22FF7D35C043338DEAA982A02B866DE5328519EBBCD6F03CDD686673847F84DB651A" +
        "B86C28CF1462562C577B853564A290C8556D818531268D25CC98A4CC6A0BDFFFDA2DCCA3A94C998559E307FDDF915006" +
        "D9A987B07DDAEB3B",
      exponent: "03",
      expiry: "20311223",
      hashAlgorithm: "01",
      checksum: "21766EBB0EE122AFB65D7845B73DB46BAB65427A",
    },
    // Mastercard test key F1, 1408 bits
    {
      rid: "A000000004",
      index: "F1",
      modulus:
        "A0DCF4BDE19C3546B4B6F0414D174DDE294AABBB828C5A834D73AAE27C99B0B053A90278007239B6459FF0BBCD7B4B9C" +
        "6C50AC02CE91368DA1BD21AAEADBC65347337D89B68F5C99A09D05BE02DD1F8C5BA20E2F13FB2A27C41D3F85CAD5CF66" +
        "68E75851EC66EDBF98851FD4E42C44C1D59F5984703B27D5B9F21B8FA0D93279FBBF69E090642909C9EA27F898959541" +
        "AA6757F5F624104F6E1D3A9532F2A6E51515AEAD1B43B3D7835088A2FAFA7BE7",
      exponent: "03",
      expiry: "20311223",
      hashAlgorithm: "01",
      checksum: "D8E68DA167AB5A85D8C3D55ECB9B0517A1A5B4BB",
    },
    // Mastercard test key F3, 1152 bits
    {
      rid: "A000000004",
      index: "F3",
      modulus:
        "98F0C770F23864C2E766DF02D1E833DFF4FFE92D696E1642F0A88C5694C6479D16DB1537BFE29E4FDC6E6E8AFD1B0EB7" +
        "EA0124723C333179BF19E93F10658B2F776E829E87DAEDA9C94A8B3382199A350C077977C97AFF08FD11310AC950A72C" +
        "3CA5002EF513FCCC286E646E3C5387535D509514B3B326E1234F9CB48C36DDD44B416D23654034A66F403BA511C5EFA3",
      exponent: "03",
      expiry: "20311223",
      hashAlgorithm: "01",
      checksum: "A69AC7603DAF566E972DEDC2CB433E07E8B01A9A",
    },
    // Mastercard test key FA, 1152 bits
    {
      rid: "A000000004",
      index: "FA",
      modulus:
        "A90FCD55AA2D5D9963E35ED0F440177699832F49C6BAB15CDAE5794BE93F934D4462D5D12762E48C38BA83D8445DEAA7" +
        "4195A301A102B2F114EADA0D180EE5E7A5C73E0C4E11F67A43DDAB5D55683B1474CC0627F44B8D3088A492FFAADAD4F4" +
        "2422D0E7013536C3C49AD3D0FAE96459B0F6B1B6056538A3D6D44640F94467B108867DEC40FAAECD740C00E2B7A8852D",
      exponent: "03",
      expiry: "20311223",
      hashAlgorithm: "01",
      checksum: "5BED4068D96EA16D2D77E03D6036FC7A160EA99C",
    },
  ],
  revocations: [],
  exceptionFile: [],
  limits: {
    maxTransactionAmount: 5000000,
    // a hold (a hotel, a car hire) may ask for more than a sale
    maxPreauthAmount: 10000000,
    dailyTotals: { sale: 100000000, refund: 5000000, preauth: 50000000 },
    managerPin: { required: true, keyName: "manager.pin" },
  },
  receipt: {
    operator: "01",
    // example.com: the domain RFC 2606 keeps for examples
    eReceiptUrl: "https://receipts.example.com/r/{terminalId}/{rrn}",
  },
};
