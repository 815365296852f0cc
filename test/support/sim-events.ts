/**
 * Listens to the simulator's event stream (GET /events) beside the page,
 * to check what the server sends, not only what the page draws.
 */

/** One event of the stream, as sent (`type` and its fields). */
export type SimEvent = { type: string } & Record<string, unknown>;

/** A listener on /events; `close` ends the request. */
export interface EventLog {
  events: SimEvent[];
  /** The events as JSON without receipts' SVG drawings (their numbers are coordinates) and device-time figures. */
  words(): string;
  close(): void;
}

/** Opens /events at `url` (the simulator's base address) and collects its events until `close`. */
export async function listenEvents(url: string): Promise<EventLog> {
  const controller = new AbortController();
  const response = await fetch(new URL("events", url), { signal: controller.signal, headers: { accept: "text/event-stream" } });
  if (!response.ok || !response.body) throw new Error(`GET /events answered ${response.status}`);
  const events: SimEvent[] = [];
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).replace(/^ /, ""))
            .join("\n");
          if (data) events.push(JSON.parse(data) as SimEvent);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  const words = () => events.map(eventWords).join("\n");
  return { events, words, close: () => controller.abort() };
}

/** An event's JSON without the fields that are no text: SVG drawings (coordinates) and measured device times. */
function eventWords(e: SimEvent): string {
  if (e.type === "deviceTime") return "";
  return JSON.stringify(e, (key, value: unknown) => (key === "svg" || key === "deviceTime" ? undefined : value));
}
