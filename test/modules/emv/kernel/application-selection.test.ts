import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { EmvError } from "../../../../modules/emv/error.ts";
import { buildCandidateList, finalSelection } from "../../../../modules/emv/kernel/application-selection.ts";
import { EmvKernel } from "../../../../modules/emv/kernel/kernel.ts";
import { orderCandidates, type Candidate } from "../../../../modules/emv/kernel/candidate.ts";
import { ScriptedCardholder } from "../../../support/emv-cardholder.ts";
import { adfFci, EmvTestCard, record, tlv } from "../../../support/emv-card.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { ScriptedTransport, type ScriptStep } from "../../../support/scripted-transport.ts";
import { MAESTRO } from "../vectors.ts";
import { PURCHASE, session, stopOf } from "./kernel-fixture.ts";

/*
 * Card answers from openemv/emv-utils, tests/emv_build_candidate_list_test.c
 * (GET RESPONSE exchanges folded into the response, as the transport
 * returns it), with that file's terminal AIDs and Application Selection
 * Indicators.
 */
const OPENEMV_AIDS = [
  aidEntry("A0000000031010", { partialSelection: true }),
  aidEntry("A0000000032010", { partialSelection: false }),
  aidEntry("A0000000032020", { partialSelection: false }),
  aidEntry("A0000000041010", { partialSelection: true }),
  aidEntry("A0000000043060", { partialSelection: true }),
];
const SELECT_PSE = "00A404000E315041592E5359532E444446303100";
const PSE_FCI = "6F20840E315041592E5359532E4444463031A50E8801015F2D046E6C656E9F110101";
const NOT_FOUND: ScriptStep[] = ["A0000000031010", "A0000000032010", "A0000000032020", "A0000000041010", "A0000000043060"].map((aid) => ({
  command: `00A4040007${aid}00`,
  response: "6A82",
}));

async function candidates(steps: ScriptStep[]): Promise<{ list: Candidate[]; card: ScriptedTransport }> {
  const card = new ScriptedTransport(steps);
  const list = await buildCandidateList(session(card), OPENEMV_AIDS);
  return { list, card };
}

const names = (list: Candidate[]) => list.map((c) => toHex(c.adfName));

function kernelWith(card: EmvTestCard | ScriptedTransport, cardholder = new ScriptedCardholder(), aids = OPENEMV_AIDS): EmvKernel {
  return new EmvKernel({ transport: card, crypto: testCrypto(), config: kernelConfig(aids), cardholder });
}

test("Book 1 §12.3.2 step 1: 6A81 to SELECT 1PAY.SYS.DDF01 ends the session as card-blocked, with no fallback (emv-utils test_pse_card_blocked)", async (t) => {
  const card = new ScriptedTransport([{ command: SELECT_PSE, response: "6A81" }]);
  const outcome = await kernelWith(card).start(PURCHASE);
  t.deepEqual(outcome, { kind: "end-application", step: "selection", reason: "card-blocked", detail: "SELECT 1PAY.SYS.DDF01 answered 6A81", fallback: false, sw: 0x6a81 });
  t.is(card.remaining, 0);
});

test("Book 1 §12.3.3 step 2: 6A81 to the first SELECT of the list of AIDs ends the session as card-blocked (emv-utils test_aid_card_blocked)", async (t) => {
  const card = new ScriptedTransport([
    { command: SELECT_PSE, response: "6A82" },
    { command: "00A4040007A000000003101000", response: "6A81" },
  ]);
  const outcome = await kernelWith(card).start(PURCHASE);
  t.like(outcome, { kind: "end-application", reason: "card-blocked", fallback: false });
  t.is(card.remaining, 0);
});

test("Book 1 §12.4 step 1: no PSE and no AID found leaves no candidate: no-application, fallback allowed (emv-utils test_nothing_found)", async (t) => {
  const card = new ScriptedTransport([{ command: SELECT_PSE, response: "6A82" }, ...NOT_FOUND]);
  const outcome = await kernelWith(card).start(PURCHASE);
  t.like(outcome, { kind: "end-application", step: "selection", reason: "no-application", fallback: true });
  t.is(card.remaining, 0);
});

test("Book 1 §12.3.2 step 1: a blocked PSE (6283) sends the terminal to its list of AIDs (emv-utils test_pse_blocked)", async (t) => {
  const { list, card } = await candidates([{ command: SELECT_PSE, response: PSE_FCI + "6283" }, ...NOT_FOUND]);
  t.deepEqual(list, []);
  t.is(card.remaining, 0);
});

test("Book 1 §12.3.3 step 4: an application answering 6283 (blocked) is not a candidate (emv-utils test_aid_blocked)", async (t) => {
  const { list, card } = await candidates([
    { command: SELECT_PSE, response: "6A82" },
    ...NOT_FOUND.slice(0, 2),
    {
      command: "00A4040007A000000003202000",
      response: "6F2F8407A0000000032020A524500556205041598701015F2D046E6C656EBF0C109F4D020B059F0A0800010501000000006283",
    },
    ...NOT_FOUND.slice(3),
  ]);
  t.deepEqual(list, []);
  t.is(card.remaining, 0);
});

test("Book 1 §12.3.2 step 5: a PSE listing only applications the terminal lacks sends it to the list of AIDs (emv-utils test_pse_app_not_supported)", async (t) => {
  const { list, card } = await candidates([
    { command: SELECT_PSE, response: PSE_FCI + "9000" },
    { command: "00B2010C00", response: "702961274F07A0000000033030500B56495341204352454449548701019F120B56495341204352454449549000" },
    { command: "00B2020C00", response: "6A83" },
    ...NOT_FOUND,
  ]);
  t.deepEqual(list, []);
  t.is(card.remaining, 0);
});

test("Book 1 §12.3.2 step 3: the PSE's directory entry (61: 4F, 50, 87, 9F12) becomes the candidate, with the PSE's languages (emv-utils test_pse_app_supported)", async (t) => {
  const { list, card } = await candidates([
    { command: SELECT_PSE, response: PSE_FCI + "9000" },
    { command: "00B2010C00", response: "702961274F07A0000000031010500B56495341204352454449548701019F120B56495341204352454449549000" },
    { command: "00B2020C00", response: "6A83" },
  ]);
  t.is(list.length, 1);
  t.like(list[0], { label: "VISA CREDIT", preferredName: "VISA CREDIT", priorityIndicator: 0x01, languages: ["nl", "en"] });
  t.is(toHex(list[0].adfName), "A0000000031010");
  t.is(list[0].aid, OPENEMV_AIDS[0]);
  t.is(card.remaining, 0);
});

test("Book 1 §12.3.2: one directory record with two entries gives two candidates (emv-utils test_pse_multi_app_supported)", async (t) => {
  const { list } = await candidates([
    { command: SELECT_PSE, response: PSE_FCI + "9000" },
    {
      command: "00B2010C00",
      response: "704461204F07A000000003202050055620504159870101730B9F0A08000105010000000061204F07A000000003201050055620504159870102730B9F0A0800010501000000009000",
    },
    { command: "00B2020C00", response: "6A83" },
  ]);
  t.deepEqual(names(list), ["A0000000032020", "A0000000032010"]);
});

test("Book 1 §12.3.3 step 4: each exactly matching AID answering 9000 is a candidate (emv-utils test_aid_multi_exact_match_app_supported)", async (t) => {
  const { list, card } = await candidates([
    { command: SELECT_PSE, response: "6A82" },
    NOT_FOUND[0],
    {
      command: "00A4040007A000000003201000",
      response: "6F2F8407A0000000032010A524500556205041598701025F2D046E6C656EBF0C109F4D020B059F0A0800010501000000009000",
    },
    {
      command: "00A4040007A000000003202000",
      response: "6F2F8407A0000000032020A524500556205041598701015F2D046E6C656EBF0C109F4D020B059F0A0800010501000000009000",
    },
    ...NOT_FOUND.slice(3),
  ]);
  t.deepEqual(names(list), ["A0000000032010", "A0000000032020"]);
  t.is(card.remaining, 0);
});

test("Book 1 §12.3.3 steps 6-7: a longer DF name under a partial-match AID is a candidate and SELECT next (P2 02) follows until 6A82 (emv-utils test_aid_multi_partial_match_app_supported)", async (t) => {
  const { list, card } = await candidates([
    { command: SELECT_PSE, response: "6A82" },
    ...NOT_FOUND.slice(0, 3),
    {
      command: "00A4040007A000000004101000",
      response:
        "6F458408A000000004101010A53950094D43204352454449545F2D046E6C656E8701019F1101019F120A4D415354455243415244BF0C109F4D020B0A9F0A0800010502000000009000",
    },
    {
      command: "00A4040207A000000004101000",
      response:
        "6F458408A000000004101020A53950094D43204352454449545F2D046E6C656E8701029F1101019F120A4D415354455243415244BF0C109F4D020B0A9F0A0800010502000000009000",
    },
    { command: "00A4040207A000000004101000", response: "6A82" },
    NOT_FOUND[4],
  ]);
  t.deepEqual(names(list), ["A000000004101010", "A000000004101020"]);
  t.like(list[0], { label: "MC CREDIT", preferredName: "MASTERCARD", issuerCodeTableIndex: 1, languages: ["nl", "en"] });
  t.is(card.remaining, 0);
});

test("Book 1 §12.3.3 step 6: a longer DF name under an exact-match AID is not a candidate, and SELECT next still looks for the exact one", async (t) => {
  const aids = [aidEntry("A0000000032010", { partialSelection: false })];
  const card = new ScriptedTransport([
    { command: SELECT_PSE, response: "6A82" },
    { command: "00A4040007A000000003201000", response: adfFci("A000000003201001") + "9000" },
    { command: "00A4040207A000000003201000", response: adfFci("A0000000032010") + "9000" },
  ]);
  const list = await buildCandidateList(session(card), aids);
  t.deepEqual(names(list), ["A0000000032010"]);
  t.is(card.remaining, 0);
});

test("Book 1 §12.4 step 4: candidates are ordered by the card's priority (87 b4-b1, 1 first), ties in the order found, those without priority last (emv-utils test_sorted_app_priority)", async (t) => {
  const card = new ScriptedTransport([
    { command: SELECT_PSE, response: PSE_FCI + "9000" },
    {
      command: "00B2010C00",
      response: "704661214F08A00000000310100550054150502035870105730B9F0A08000105010000000061214F08A00000000310100350054150502033870104730B9F0A0800010501000000009000",
    },
    { command: "00B2020C00", response: "703661194F07A00000000510105005415050203873079F0A040001010461194F07A00000000410105005415050203773079F0A04000101049000" },
    {
      command: "00B2030C00",
      response: "704661214F08A00000000310100150054150502031870101730B9F0A08000105010000000061214F08A00000000310100650054150502036870107730B9F0A0800010501000000009000",
    },
    {
      command: "00B2040C00",
      response: "704661214F08A00000000310100250054150502032870101730B9F0A08000105010000000061214F08A00000000310100450054150502034870104730B9F0A0800010501000000009000",
    },
    { command: "00B2050C00", response: "6A83" },
  ]);
  const list = await buildCandidateList(session(card), OPENEMV_AIDS);
  const cardholder = new ScriptedCardholder({ choose: ["cancel"] });
  const stop = await stopOf(() => finalSelection(session(new ScriptedTransport([])), cardholder, list, false));
  t.is(stop, "cancelled");
  t.deepEqual(
    cardholder.choices[0].candidates.map((c) => c.label),
    ["APP 1", "APP 2", "APP 3", "APP 4", "APP 5", "APP 6", "APP 7"],
  );
  t.deepEqual(
    cardholder.choices[0].candidates.map((c) => c.priority),
    [1, 1, 4, 4, 5, 7, undefined],
  );
  t.false(cardholder.choices[0].retry);
  t.false(cardholder.choices[0].confirm);
});

const CONFIRM_RECORD = "702961274F07A0000000031010500B56495341204352454449548701819F120B56495341204352454449549000";

test("Book 1 §12.4: a single application with 87 b8 set is offered for confirmation, then selected (emv-utils test_app_cardholder_confirmation)", async (t) => {
  const { list } = await candidates([
    { command: SELECT_PSE, response: PSE_FCI + "9000" },
    { command: "00B2010C00", response: CONFIRM_RECORD },
    { command: "00B2020C00", response: "6A83" },
  ]);
  const cardholder = new ScriptedCardholder({ choose: [0] });
  const card = new ScriptedTransport([{ command: "00A4040007A000000003101000", response: adfFci("A0000000031010", "VISA CREDIT") + "9000" }]);
  const chosen = await finalSelection(session(card), cardholder, list, false);
  t.is(toHex(chosen.fci.dfName), "A0000000031010");
  t.true(cardholder.choices[0].confirm);
  t.deepEqual(cardholder.choices[0].candidates, [
    { aid: "A0000000031010", label: "VISA CREDIT", preferredName: "VISA CREDIT", languages: ["nl", "en"], priority: 1, confirmationRequired: true },
  ]);
});

test("Book 1 §12.4: a terminal that cannot ask the cardholder may not select an application needing confirmation: no-application", async (t) => {
  const card = new ScriptedTransport([
    { command: SELECT_PSE, response: PSE_FCI + "9000" },
    { command: "00B2010C00", response: CONFIRM_RECORD },
    { command: "00B2020C00", response: "6A83" },
  ]);
  const outcome = await kernelWith(card).start(PURCHASE);
  t.like(outcome, { kind: "end-application", step: "selection", reason: "no-application" });
});

// a card with two applications: Mastercard (87 01) and Maestro (87 02), each answering GET PROCESSING OPTIONS as the profile says
function twoApplications(gpo?: string): EmvTestCard {
  return new EmvTestCard({
    applications: [{ fci: adfFci("A0000000041010", "MASTERCARD", "870101") }, { fci: adfFci("A0000000043060", "MAESTRO", "870102") }],
    gpo,
  });
}

test("Book 1 §12.4: the cardholder chooses from the list in priority order, and the application chosen is the one SELECTed", async (t) => {
  const card = twoApplications();
  const cardholder = new ScriptedCardholder({ choose: [1] });
  const outcome = await kernelWith(card, cardholder).start(PURCHASE);
  // the profile has no GPO answer: 6985 drops Maestro; Mastercard is the one left and needs no choice
  t.deepEqual(
    cardholder.choices.map((c) => c.candidates.map((x) => x.aid)),
    [["A0000000041010", "A0000000043060"]],
  );
  t.deepEqual(card.commands.filter((c) => c.startsWith("00A40400") || c.startsWith("80A8")).slice(-4), [
    "00A4040007A000000004306000",
    "80A8000002830000",
    "00A4040007A000000004101000",
    "80A8000002830000",
  ]);
  t.like(outcome, { kind: "end-application", step: "selection", reason: "no-application" });
});

test("Book 3 §10.1: GET PROCESSING OPTIONS answering 6985 removes the application and selection resumes with retry set", async (t) => {
  const cardholder = new ScriptedCardholder({ choose: [0, 0] });
  // three applications, so that a choice is still asked for after the first is dropped
  const three = new EmvTestCard({
    applications: [
      { fci: adfFci("A0000000041010", "MASTERCARD", "870101") },
      { fci: adfFci("A0000000043060", "MAESTRO", "870102") },
      { fci: adfFci("A0000000031010", "VISA", "870103") },
    ],
  });
  const outcome = await kernelWith(three, cardholder).start(PURCHASE);
  t.is(cardholder.choices.length, 2);
  t.false(cardholder.choices[0].retry);
  t.true(cardholder.choices[1].retry);
  t.deepEqual(
    cardholder.choices[1].candidates.map((c) => c.aid),
    ["A0000000043060", "A0000000031010"],
  );
  // every application refused GET PROCESSING OPTIONS: the chip works, so the stripe may not replace it
  t.like(outcome, { kind: "end-application", reason: "no-application", fallback: false });
});

test("Book 1 §12.3.3 step 4: a card whose only supported application answers 6283 (blocked) ends with no application and no fallback (emv-utils test_aid_blocked answer)", async (t) => {
  const card = new ScriptedTransport([
    { command: SELECT_PSE, response: "6A82" },
    ...NOT_FOUND.slice(0, 2),
    {
      command: "00A4040007A000000003202000",
      response: "6F2F8407A0000000032020A524500556205041598701015F2D046E6C656EBF0C109F4D020B059F0A0800010501000000006283",
    },
    ...NOT_FOUND.slice(3),
  ]);
  const outcome = await kernelWith(card).start(PURCHASE);
  t.like(outcome, { kind: "end-application", step: "selection", reason: "no-application", fallback: false });
});

test("Book 1 §12.4: a PSE candidate whose final SELECT answers 6283 (blocked) leaves no application and no fallback", async (t) => {
  const card = new ScriptedTransport([
    { command: SELECT_PSE, response: PSE_FCI + "9000" },
    // a directory with one entry, Visa (Book 1 §12.2.3 table 46 layout)
    { command: "00B2010C00", response: record(tlv("61", "4F07A0000000031010" + "870101")) + "9000" },
    { command: "00B2020C00", response: "6A83" },
    { command: "00A4040007A000000003101000", response: adfFci("A0000000031010") + "6283" },
  ]);
  const outcome = await kernelWith(card).start(PURCHASE);
  t.like(outcome, { kind: "end-application", step: "selection", reason: "no-application", fallback: false });
  t.is(card.remaining, 0);
});

test("Book 1 §12.3: a card with no application in common with the terminal (every SELECT 6A82) may fall back to the stripe", async (t) => {
  const card = new ScriptedTransport([{ command: SELECT_PSE, response: "6A82" }, ...NOT_FOUND]);
  const outcome = await kernelWith(card).start(PURCHASE);
  t.like(outcome, { kind: "end-application", step: "selection", reason: "no-application", fallback: true });
});

test("Book 1 §12.4: a final SELECT that fails (6A82) or returns another DF name drops the candidate and asks again with retry", async (t) => {
  const card = new ScriptedTransport([
    { command: SELECT_PSE, response: PSE_FCI + "9000" },
    {
      command: "00B2010C00",
      response: record(tlv("61", "4F07A0000000041010" + "870101"), tlv("61", "4F07A0000000043060" + "870102"), tlv("61", "4F07A0000000031010" + "870103")) + "9000",
    },
    { command: "00B2020C00", response: "6A83" },
    { command: "00A4040007A000000004101000", response: "6A82" },
    { command: "00A4040007A000000004306000", response: adfFci("A0000000043061") + "9000" },
    { command: "00A4040007A000000003101000", response: "6A81" },
  ]);
  const cardholder = new ScriptedCardholder({ choose: [0, 0] });
  const outcome = await kernelWith(card, cardholder).start(PURCHASE);
  t.deepEqual(
    cardholder.choices.map((c) => [c.retry, c.candidates.length]),
    [
      [false, 3],
      [true, 2],
    ],
  );
  // with one candidate left no choice is asked; its SELECT answers 6A81
  t.like(outcome, { kind: "end-application", reason: "card-blocked" });
  t.is(card.remaining, 0);
});

test("Book 1 §12.4: the cardholder cancelling the choice ends the transaction as cancelled, cause cancel", async (t) => {
  const outcome = await kernelWith(twoApplications(), new ScriptedCardholder({ choose: ["cancel"] })).start(PURCHASE);
  t.deepEqual(outcome, { kind: "cancelled", step: "selection", cause: "cancel" });
});

test("Book 1 §12.4: nobody choosing in time (the port answers timeout) ends the transaction as cancelled, cause timeout", async (t) => {
  const outcome = await kernelWith(twoApplications(), new ScriptedCardholder({ choose: ["timeout"] })).start(PURCHASE);
  t.deepEqual(outcome, { kind: "cancelled", step: "selection", cause: "timeout" });
});

test("a chooseApplication port answering an index outside the list is a programming error: EMV_KERNEL_INPUT", async (t) => {
  const error = await t.throwsAsync(kernelWith(twoApplications(), new ScriptedCardholder({ choose: [2] })).start(PURCHASE));
  t.true(error instanceof EmvError);
  t.is((error as EmvError).code, "EMV_KERNEL_INPUT");
});

test("Book 1 §12.3.2: the Maestro card's PSE (emv-tools) lists Maestro with label and preferred name and the PSE's languages ru, en", async (t) => {
  const card = new ScriptedTransport([
    { command: SELECT_PSE, response: toHex(fromHex(MAESTRO.pseFci)) + "9000" },
    { command: "00B2010C00", response: toHex(fromHex(MAESTRO.pseRecord)) + "9000" },
    { command: "00B2020C00", response: "6A83" },
  ]);
  const list = await buildCandidateList(session(card), OPENEMV_AIDS);
  t.deepEqual(names(list), ["A0000000043060"]);
  t.like(list[0], { label: "Maestro", preferredName: "Maestro", languages: ["ru", "en"] });
});

test("Book 1 §12.4: the card's Application Priority Indicator orders first (1 before 2, ranked before unranked, b8 ignored); ties go by the terminal's priority for the AID, then in the order found", (t) => {
  // the terminal ranks Mastercard 1, Visa 2, UnionPay 3 (AidParameters.priority); the card found them in the order of `found`
  const visa = aidEntry("A0000000031010", { priority: 2 });
  const mastercard = aidEntry("A0000000041010", { priority: 1 });
  const unionPay = aidEntry("A000000333010101", { priority: 3 });
  const candidate = (name: string, aid: typeof visa, found: number, priorityIndicator?: number): Candidate => ({
    adfName: fromHex(name),
    aid,
    label: name,
    found,
    ...(priorityIndicator !== undefined ? { priorityIndicator } : {}),
  });
  const order = (list: Candidate[]) => orderCandidates(list).map((c) => c.label);
  // the card's rank decides whatever the terminal prefers: 87 = 01 before 87 = 82 (b8 confirmation, rank 2)
  t.deepEqual(order([candidate("A0000000041010", mastercard, 0, 0x82), candidate("A0000000031010", visa, 1, 0x01)]), ["A0000000031010", "A0000000041010"]);
  // equal card rank (2 and 2): the terminal's priority for the AID, not the order found
  t.deepEqual(
    order([candidate("A000000333010101", unionPay, 0, 0x02), candidate("A0000000031010", visa, 1, 0x02), candidate("A0000000041010", mastercard, 2, 0x02)]),
    ["A0000000041010", "A0000000031010", "A000000333010101"],
  );
  // no card priority at all (87 absent or rank 0) sorts after any rank, and among those the terminal's priority decides
  t.deepEqual(
    order([candidate("A0000000031010", visa, 0), candidate("A0000000041010", mastercard, 1, 0x00), candidate("A000000333010101", unionPay, 2, 0x0f)]),
    ["A000000333010101", "A0000000041010", "A0000000031010"],
  );
  // the same terminal entry matched twice (partial selection) with the same card rank: the order found
  t.deepEqual(order([candidate("A000000003101002", visa, 1, 0x03), candidate("A000000003101001", visa, 0, 0x03)]), ["A000000003101001", "A000000003101002"]);
});
