// IAM OpenID Connect providers: the GitHub provider that an OIDC migration relies on
// (one per account; creating it twice is EntityAlreadyExists).

import type { OidcProvider } from "../../world.js";
import { AwsFault, iamOf, type RequestContext } from "../context.js";
import { isoSeconds } from "../format.js";
import { noSuchEntity, type IamHandler } from "./common.js";

function findProvider(ctx: RequestContext, arn: string): OidcProvider {
  const provider = iamOf(ctx).oidcProviders.find((p) => p.arn === arn);
  if (!provider) throw noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);
  return provider;
}

export const OIDC_HANDLERS: Record<string, IamHandler> = {
  ListOpenIDConnectProviders(ctx) {
    return { OpenIDConnectProviderList: iamOf(ctx).oidcProviders.map((p) => ({ Arn: p.arn })) };
  },
  GetOpenIDConnectProvider(ctx, params) {
    const provider = findProvider(ctx, params.required("OpenIDConnectProviderArn"));
    return {
      Url: provider.url,
      ClientIDList: provider.clientIdList,
      ThumbprintList: provider.thumbprintList,
      CreateDate: isoSeconds(provider.createDate),
    };
  },
  CreateOpenIDConnectProvider(ctx, params) {
    const url = params.required("Url");
    const m = /^https:\/\/([^\s]+?)\/?$/.exec(url);
    if (!m || !m[1]) throw new AwsFault("ValidationError", "Invalid URL: must start with https://");
    const host = m[1];
    const thumbprints = params.list("ThumbprintList");
    if (thumbprints.some((t) => !/^[0-9a-fA-F]{40}$/.test(t))) {
      throw new AwsFault("ValidationError", "1 validation error detected: Value at 'thumbprintList' failed to satisfy constraint: Member must have length 40");
    }
    const iam = iamOf(ctx);
    const arn = `arn:aws:iam::${ctx.caller.accountId}:oidc-provider/${host}`;
    if (iam.oidcProviders.some((p) => p.arn === arn)) throw new AwsFault("EntityAlreadyExists", `Provider with url ${url} already exists.`, 409);
    iam.oidcProviders.push({ arn, url: host, clientIdList: params.list("ClientIDList"), thumbprintList: thumbprints, createDate: ctx.now().toISOString() });
    return { OpenIDConnectProviderArn: arn };
  },
};
