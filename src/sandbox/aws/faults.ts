// Injected faults: a fixed latency per answer and a seeded, deterministic share of throttled requests,
// so the SDK's own retry logic is exercised the way real AWS exercises it.

import { AwsFault, type ServiceName } from "./context.js";
import { seededRandom } from "../random.js";

export interface FaultOptions {
  throttleRate?: number;
  seed?: number;
}

export interface Faults {
  /** Decides, for one request, whether it is throttled (same seed → same sequence of decisions). */
  shouldThrottle(): boolean;
  throttled: number;
}

export function createFaults(options: FaultOptions = {}): Faults {
  const rate = Math.min(1, Math.max(0, options.throttleRate ?? 0));
  const random = seededRandom(options.seed ?? 1);
  const faults: Faults = {
    throttled: 0,
    shouldThrottle() {
      if (rate === 0) return false;
      const hit = random() < rate;
      if (hit) faults.throttled++;
      return hit;
    },
  };
  return faults;
}

/** The error each service answers when it throttles. */
export function throttlingFault(service: ServiceName): AwsFault {
  switch (service) {
    case "iam":
    case "sts":
      return new AwsFault("Throttling", "Rate exceeded", 400);
    case "organizations":
      return new AwsFault(
        "TooManyRequestsException",
        "You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.",
        400,
        { extra: { Type: "client" } },
      );
    case "cloudtrail":
      return new AwsFault("ThrottlingException", "Rate exceeded", 400);
  }
}

export function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** A 5xx as each protocol answers it (the request is not applied). */
export function serverFault(service: ServiceName, pick: number): AwsFault {
  if (service === "organizations" || service === "cloudtrail") {
    return pick < 0.5
      ? new AwsFault("ServiceException", "AWS Organizations can't complete your request because of an internal service error. Try again later.", 500)
      : new AwsFault("ServiceUnavailableException", "The service is unavailable. Try again later.", 503);
  }
  return pick < 0.5
    ? new AwsFault("ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, { type: "Receiver" })
    : new AwsFault("ServiceUnavailable", "Service is unavailable.", 503, { type: "Receiver" });
}

/** An assumed-role session that has expired: what every service answers to its credentials. */
export function expiredTokenFault(service: ServiceName): AwsFault {
  return service === "organizations" || service === "cloudtrail"
    ? new AwsFault("ExpiredTokenException", "The security token included in the request is expired", 400)
    : new AwsFault("ExpiredToken", "The security token included in the request is expired", 403);
}

/** A permission removed from the caller's role: the call is denied from now on. */
export function revokedFault(service: ServiceName, callerArn: string, action: string): AwsFault {
  const message = `User: ${callerArn} is not authorized to perform: ${service}:${action} because no identity-based policy allows the ${service}:${action} action`;
  return service === "iam" || service === "sts" ? new AwsFault("AccessDenied", message, 403) : new AwsFault("AccessDeniedException", message, 400);
}
