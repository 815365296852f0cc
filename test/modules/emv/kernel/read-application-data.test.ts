import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { parseAfl } from "../../../../modules/emv/kernel/afl.ts";
import { readApplicationData } from "../../../../modules/emv/kernel/read-application-data.ts";
import { EmvTestCard, record, tlv } from "../../../support/emv-card.ts";
import { OPENEMV } from "../vectors.ts";
import { contextAfterSelection, session, stopOf } from "./kernel-fixture.ts";

const hex = (s: string) => toHex(fromHex(s));
const MANDATORY = record(tlv("5F24", "281231"), tlv("5A", "4761739001010119"), tlv("8C", "9F0206"), tlv("8D", "8A02"));

async function read(afl: string, records: Record<string, string>, gpoTags: string[] = []) {
  const ctx = contextAfterSelection();
  ctx.afl = fromHex(afl);
  for (const tag of gpoTags) ctx.card.set(tag, ctx.card.get(tag) ?? new Uint8Array(0), true);
  const card = new EmvTestCard({ applications: [], records });
  const stop = await stopOf(() => readApplicationData(ctx, session(card)));
  return { ctx, card, stop };
}

test("Book 3 §10.2: AFL entries are SFI (b8-b4), first and last record, records for ODA", (t) => {
  t.deepEqual(parseAfl(fromHex("08010500 10010201")), [
    { sfi: 1, first: 1, last: 5, odaRecords: 0 },
    { sfi: 2, first: 1, last: 2, odaRecords: 1 },
  ]);
  t.deepEqual(parseAfl(fromHex("F0010101")), [{ sfi: 30, first: 1, last: 1, odaRecords: 1 }]);
});

test("Book 3 §10.2: an AFL is refused when empty or not whole entries, SFI 0 or 31, bits 3-1 set, first record 0, last before first, or more ODA records than read", (t) => {
  for (const afl of ["", "080101", "00010100", "F8010100", "09010100", "08000100", "08020100", "08010203"]) {
    t.is(parseAfl(fromHex(afl)), undefined, afl);
  }
});

test("Book 3 §10.2: records are read as the AFL says and their primitive objects kept (emv-utils' Visa test card record)", async (t) => {
  const { ctx, card, stop } = await read("08010100 10010100", { "1.1": hex(OPENEMV.visaRecord), "2.1": MANDATORY });
  t.is(stop, undefined);
  t.deepEqual(card.commands, ["00B2010C00", "00B2011400"]);
  t.is(toHex(ctx.card.get("57")!), "4761739001010119D22122011758928889");
  t.is(toHex(ctx.card.get("5F20")!), "455850495245442F43415244");
  t.is(toHex(ctx.card.get("8C")!), "9F0206");
});

test("Book 3 §10.2: a record whose TLV runs past its template ends the transaction as format (emv-utils test 6, 'Malformed EMV data')", async (t) => {
  const { stop } = await read("08010100", { "1.1": hex(OPENEMV.visaRecordMalformed) });
  t.is(stop, "end-application:format");
});

test("Book 3 §10.2: a record of SFI 1-10 that is not one template 70 ends the transaction (format)", async (t) => {
  t.is((await read("08010100", { "1.1": tlv("77", tlv("5A", "11")) })).stop, "end-application:format");
  t.is((await read("08010100", { "1.1": MANDATORY + MANDATORY })).stop, "end-application:format");
});

test("Book 3 §10.2: READ RECORD answering other than 9000 ends the transaction (status)", async (t) => {
  const { stop } = await read("08010200", { "1.1": MANDATORY });
  t.is(stop, "end-application:status");
});

test("Book 3 §10.2: a primitive object returned twice, in two records or in a record after GET PROCESSING OPTIONS, ends the transaction (data-duplicated)", async (t) => {
  t.is((await read("08010200", { "1.1": MANDATORY, "1.2": record(tlv("5A", "4761739001010119")) })).stop, "end-application:data-duplicated");
  t.is((await read("08010100", { "1.1": record(tlv("82", "3900"), tlv("5F24", "281231")) }, ["82", "94"])).stop, "end-application:data-duplicated");
});

test("Book 3 §10.2: each of 5F24, 5A, 8C and 8D missing ends the transaction (data-missing)", async (t) => {
  for (const missing of ["5F24", "5A", "8C", "8D"]) {
    const objects = [tlv("5F24", "281231"), tlv("5A", "4761739001010119"), tlv("8C", "9F0206"), tlv("8D", "8A02")].filter((o) => !o.startsWith(missing));
    t.is((await read("08010100", { "1.1": record(...objects) })).stop, "end-application:data-missing", missing);
  }
});

test("Book 3 §10.3: records for ODA are kept without tag and length for SFI 1-10, whole for SFI 11-30", async (t) => {
  const proprietary = record(tlv("9F4A", "82"));
  const { ctx, stop } = await read("08010201 58010101", { "1.1": MANDATORY, "1.2": record(tlv("50", "41")), "11.1": proprietary });
  t.is(stop, undefined);
  t.deepEqual(
    ctx.odaRecords.map((r) => toHex(r)),
    [toHex(fromHex(MANDATORY).subarray(2)), proprietary],
  );
  t.false(ctx.odaRecordsInvalid);
});

test("Book 3 §10.3: a record of SFI 11-30 for ODA that is not a template 70 makes ODA fail later, without ending the transaction", async (t) => {
  const { ctx, stop } = await read("08010100 58010101", { "1.1": MANDATORY, "11.1": "0102030405" });
  t.is(stop, undefined);
  t.true(ctx.odaRecordsInvalid);
});

test("Book 3 §10.2: an AFL that is not valid ends the transaction before any READ RECORD (data-invalid)", async (t) => {
  const { stop, card } = await read("08020100", {});
  t.is(stop, "end-application:data-invalid");
  t.deepEqual(card.commands, []);
});

test("Book 3 annex A1: a PAN (5A) that is not cn digits, or longer than 10 bytes, ends the transaction (data-invalid)", async (t) => {
  for (const pan of ["4761739001010A19", "4761739001010119FFFFFF", ""]) {
    const objects = [tlv("5F24", "281231"), tlv("5A", pan), tlv("8C", "9F0206"), tlv("8D", "8A02")];
    t.is((await read("08010100", { "1.1": record(...objects) })).stop, "end-application:data-invalid", pan);
  }
  // a 19-digit PAN padded with F is valid
  t.is((await read("08010100", { "1.1": record(tlv("5F24", "281231"), tlv("5A", "6799998900000060018F"), tlv("8C", "9F0206"), tlv("8D", "8A02")) })).stop, undefined);
});
