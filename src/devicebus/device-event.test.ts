import { expect, test } from "bun:test";
import { deviceEventMessage } from "./device-event.ts";

test("a JSON payload is parsed into the event, other text kept as a string", () => {
  const json = deviceEventMessage("mqtt", "home/k/sensor", '{"temp":21.5}');
  expect(JSON.parse(json.content)).toEqual({
    event: "mqtt",
    topic: "home/k/sensor",
    payload: { temp: 21.5 },
  });
  expect(json.context).toMatchObject({
    channel: "mqtt",
    chatId: "mqtt:events",
    raw: { topic: "home/k/sensor" },
  });
  const text = deviceEventMessage("mqtt", "home/k/door", "open");
  expect(JSON.parse(text.content)).toEqual({ event: "mqtt", topic: "home/k/door", payload: "open" });
});
