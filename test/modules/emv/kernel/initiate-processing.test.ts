import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { initiateApplicationProcessing } from "../../../../modules/emv/kernel/initiate-processing.ts";
import { ScriptedTransport } from "../../../support/scripted-transport.ts";
import { OPENEMV, PYTHON_EMV } from "../vectors.ts";
import { contextAfterSelection, session, stopOf } from "./kernel-fixture.ts";

const hex = (s: string) => toHex(fromHex(s));

function gpo(response: string, card: Record<string, string> = {}) {
  const ctx = contextAfterSelection({ card });
  const transport = new ScriptedTransport([{ command: "80A8000002830000", response }]);
  return { ctx, run: () => initiateApplicationProcessing(ctx, session(transport)), transport };
}

test("Book 3 §6.5.8.4: format 1 (80) is the AIP then the AFL (emv-utils' GPO format 1 response)", async (t) => {
  const { ctx, run } = gpo(hex(OPENEMV.gpoFormat1) + "9000");
  t.true(await run());
  t.is(toHex(ctx.aip), "7800");
  t.is(toHex(ctx.afl), "080202001001040018010201");
  t.is(toHex(ctx.card.get("82")!), "7800");
});

test("Book 3 §6.5.8.4: format 2 (77) holds 82 and 94 among its objects (emv-utils' GPO format 2 response)", async (t) => {
  const { ctx, run } = gpo(hex(OPENEMV.gpoFormat2) + "9000");
  t.true(await run());
  t.is(toHex(ctx.aip), "3900");
  t.is(toHex(ctx.afl), "1801020120020400");
  t.true(ctx.card.marked("82"));
  t.true(ctx.card.marked("94"));
});

test("Book 3 §10.2: the AIP and AFL of a format 1 response are marked as the card's, so that a record repeating them is refused", async (t) => {
  const { ctx, run } = gpo(hex(OPENEMV.gpoFormat1) + "9000");
  t.true(await run());
  t.true(ctx.card.marked("82"));
  t.true(ctx.card.marked("94"));
});

test("Book 3 §10.1: the PDOL's data go in the Command Template 83 by §5.4 (python-emv's DOL naming 9A twice; 9F66, unknown to a contact terminal, as zeros)", async (t) => {
  const ctx = contextAfterSelection({ card: { "9F38": hex(PYTHON_EMV.repeatedDol) } });
  const un = toHex(ctx.terminal.get("9F37")!);
  const data = "00000000" + "000000005000" + "000000000000" + "0344" + "0000000000" + "0344" + "250615" + "00" + un + "250615";
  const transport = new ScriptedTransport([{ command: `80A8000026${"8324" + data}00`, response: hex(OPENEMV.gpoFormat1) + "9000" }]);
  t.true(await initiateApplicationProcessing(ctx, session(transport)));
  t.is(toHex(ctx.pdolData), data);
  t.is(transport.remaining, 0);
});

test("Book 3 §10.1: TVR and TSI start at zero when processing is initiated (again after a retry)", async (t) => {
  const { ctx, run } = gpo(hex(OPENEMV.gpoFormat1) + "9000");
  ctx.tvr.set([0xff, 0xff, 0xff, 0xff, 0xff]);
  ctx.tsi.set([0xff, 0xff]);
  await run();
  t.is(toHex(ctx.tvr), "0000000000");
  t.is(toHex(ctx.tsi), "0000");
});

test("Book 3 §10.1: 6985 (conditions of use not satisfied) drops the application rather than ending the transaction", async (t) => {
  const { run } = gpo("6985");
  t.false(await run());
});

test("Book 3 §6.5.8.4: any other status ends the transaction (status), keeping the SW", async (t) => {
  const { run } = gpo("6A81");
  t.is(await stopOf(run), "end-application:status");
});

test("Book 3 §6.5.8.4: a response that is not BER-TLV, not one template, of a format 1 with a partial AFL entry, or in another template ends it (format)", async (t) => {
  for (const response of ["770A8202", "80067800080202", "800278009F01", "6F0482023900", "82023900940408010100"]) {
    t.is(await stopOf(gpo(response + "9000").run), "end-application:format", response);
  }
});

test("Book 3 §6.5.8.4: format 2 without the AIP or the AFL ends it (data-missing); an AIP of 3 bytes (data-invalid)", async (t) => {
  t.is(await stopOf(gpo("7704820239009000").run), "end-application:data-missing");
  t.is(await stopOf(gpo("77069404080101009000").run), "end-application:data-missing");
  t.is(await stopOf(gpo("770B82033900009404080101009000").run), "end-application:data-invalid");
});

test("Book 3 §5.4: a PDOL asking for more than a command can carry ends the transaction (data-invalid), before GET PROCESSING OPTIONS is sent", async (t) => {
  const transport = new ScriptedTransport([]);
  const ctx = contextAfterSelection({ card: { "9F38": "9F02FF" } });
  t.is(await stopOf(() => initiateApplicationProcessing(ctx, session(transport))), "end-application:data-invalid");
  t.deepEqual(transport.sent, []);
});
