/** A fetch that records every request it is handed and answers from a script; nothing else is mocked. */
export interface RecordingFetch {
  fetch: typeof fetch;
  requests: Request[];
}

export function recordingFetch(answer: (request: Request) => Response | Promise<Response> = () => Response.json({})): RecordingFetch {
  const requests: Request[] = [];
  return {
    requests,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request.clone());
      return answer(request);
    },
  };
}

export const queued = () => Response.json({ queuedAt: "2026-04-27T12:34:56.000Z", email: "billing@example.com" }, { status: 200 });
export const created = () => Response.json({ id: "42", email: "ap@example.com", description: null }, { status: 201 });
