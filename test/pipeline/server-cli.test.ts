/** The address every server script listens on, from MOCK_HOST and MOCK_PORT. */
import { describe, expect, test } from "vitest";
import { DEFAULT_ADDRESS, parseAddress, startFailure } from "../../pipeline/server-cli.ts";

describe("MOCK_HOST and MOCK_PORT", () => {
  test("default to 127.0.0.1:4010", () => {
    expect(parseAddress({})).toEqual(DEFAULT_ADDRESS);
    expect(DEFAULT_ADDRESS).toEqual({ host: "127.0.0.1", port: 4010 });
  });

  test("take a host name or an IP address, and any port from 0 (a free one) to 65535", () => {
    for (const host of ["localhost", "0.0.0.0", "::1", "mock.internal"]) expect(parseAddress({ MOCK_HOST: host }).host).toBe(host);
    for (const port of ["0", "4011", "65535"]) expect(parseAddress({ MOCK_PORT: port }).port).toBe(Number(port));
  });

  for (const value of ["", "abc", "65536", "-1", "0x10", "4010.5", " 4010", "1e3"]) {
    test(`refuses MOCK_PORT=${JSON.stringify(value)}, naming the variable and the value`, () => {
      expect(() => parseAddress({ MOCK_PORT: value })).toThrow(`MOCK_PORT must be a port number (0-65535), not ${JSON.stringify(value)}`);
    });
  }

  for (const value of ["", "a b", "http://localhost", "localhost:4010", "-host"]) {
    test(`refuses MOCK_HOST=${JSON.stringify(value)}`, () => {
      expect(() => parseAddress({ MOCK_HOST: value })).toThrow(
        `MOCK_HOST must be a host name or an IP address, not ${JSON.stringify(value)}`,
      );
    });
  }
});

describe("the message for a server that cannot listen", () => {
  const inUse = Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" });

  test("for a taken port, names the script and a port to try instead", () => {
    expect(startFailure("mock:stateful", { host: "127.0.0.1", port: 4010 }, inUse)).toBe(
      "127.0.0.1:4010 is already in use. Stop the other server or set MOCK_PORT, e.g. MOCK_PORT=4011 pnpm mock:stateful",
    );
    expect(startFailure("mock", { host: "127.0.0.1", port: 65535 }, inUse)).toContain("MOCK_PORT=65534 pnpm mock");
  });

  test("for anything else, says where it tried and why it failed", () => {
    const refused = Object.assign(new Error("listen EADDRNOTAVAIL 192.0.2.1"), { code: "EADDRNOTAVAIL" });
    expect(startFailure("dev", { host: "192.0.2.1", port: 4010 }, refused)).toBe(
      "could not start on 192.0.2.1:4010: Error: listen EADDRNOTAVAIL 192.0.2.1",
    );
  });
});
