/**
 * An answer the terminal refused (its MAC fails, or it is no valid
 * answer) against one that never came, directly or on a reversal or
 * advice queued before the transaction.
 */
import test from "ava";
import { hostAnswerRefused, UplinkError } from "../../../modules/uplink/error.ts";

test("HOST_MAC and HOST_RESPONSE are answers refused; a time-out, a closed connection, garbage are not", (t) => {
  t.true(hostAnswerRefused("HOST_MAC"));
  t.true(hostAnswerRefused("HOST_RESPONSE"));
  for (const code of ["HOST_TIMEOUT", "HOST_CLOSED", "HOST_CONNECT", "HOST_FRAME", "UPLINK_STATE", undefined]) t.false(hostAnswerRefused(code), String(code));
});

test("REVERSAL_PENDING is an answer refused when the queued message's own failure was HOST_MAC or HOST_RESPONSE, and only then", (t) => {
  t.true(hostAnswerRefused("REVERSAL_PENDING", "HOST_MAC"));
  t.true(hostAnswerRefused("REVERSAL_PENDING", "HOST_RESPONSE"));
  t.false(hostAnswerRefused("REVERSAL_PENDING", "HOST_TIMEOUT"));
  t.false(hostAnswerRefused("REVERSAL_PENDING"));
  t.false(hostAnswerRefused("HOST_TIMEOUT", "HOST_MAC"), "a cause counts for REVERSAL_PENDING only");
});

test("an UplinkError keeps the code of the queued message's failure", (t) => {
  const e = new UplinkError("REVERSAL_PENDING", "a 0400 for STAN 000012 could not be delivered (HOST_MAC)", "HOST_MAC");
  t.is(e.code, "REVERSAL_PENDING");
  t.is(e.causeCode, "HOST_MAC");
  t.is(new UplinkError("HOST_TIMEOUT", "no answer").causeCode, undefined);
});
