// What a frontend does with the types that openapi-typescript generates from the API's OpenAPI document
// (infra/checks/openapi writes them to generated/openapi.ts). Compiled with tsc --strict --noEmit, never run:
// if an operation, schema or discriminator the frontends rely on changes shape, this stops compiling.
import type { components, operations, paths } from "./generated/openapi";

type Schemas = components["schemas"];
type Method = "get" | "post" | "put" | "patch" | "delete";

/** The JSON body of an operation's answer with the given status. */
type Answer<Op, Status extends number> = Op extends { responses: { [S in Status]: { content: { "application/json": infer Body } } } }
  ? Body
  : never;

/** The JSON body an operation takes. */
type Body<Op> = Op extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;

/** A minimal typed client: the path, method and body are checked against the document. */
async function call<P extends keyof paths, M extends Method & keyof paths[P], Status extends number>(
  baseUrl: string,
  token: string,
  path: P,
  method: M,
  status: Status,
  body?: Body<paths[P][M]>,
): Promise<Answer<paths[P][M], Status>> {
  const init: RequestInit = {
    method: method.toUpperCase(),
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(baseUrl + String(path), init);
  if (response.status !== status) {
    const problem = (await response.json()) as Schemas["ProblemDetails"];
    throw new Error(`${problem.status ?? response.status} ${problem.title ?? ""}: ${problem.detail ?? ""}`);
  }
  return (await response.json()) as Answer<paths[P][M], Status>;
}

/** Plan components are a union discriminated on `kind`: narrowing must reach each kind's own fields. */
export function describe(component: Schemas["Component"]): string {
  switch (component.kind) {
    case "attainment":
      return `${component.metric}: target ${component.target}, weight ${component.weight}`;
    case "per_unit":
      return `${component.metric}: ${component.rate} per unit`;
    case "gate":
      return `gate on ${component.metric} ${component.operator} ${component.value}`;
    default:
      return component.id;
  }
}

/** The token endpoint's answer after the authorization-code exchange (RFC 6749 §5.1). */
export function accessTokenOf(answer: Answer<operations["Token"], 200>): string {
  if (!answer.access_token) throw new Error("no access token");
  return answer.access_token;
}

export async function example(baseUrl: string, token: string): Promise<string[]> {
  const created = await call(baseUrl, token, "/api/v1/teams", "post", 201, { name: "Sales", department: "sales" });
  const page: Schemas["PageOfTeamResponse"] = await call(baseUrl, token, "/api/v1/teams", "get", 200);
  const names = (page.items ?? []).map((team) => team.name ?? "");

  const plan = await call(baseUrl, token, "/api/v1/plans/generate", "post", 201, {
    description: "two marketers and three sales managers",
    periods: ["2026-11"],
  });
  const lines = (plan.document?.assignments ?? []).flatMap((assignment) => assignment.components.map(describe));

  const tenant: Schemas["TenantResponse"] = await call(baseUrl, token, "/api/v1/tenant", "get", 200);
  return [created.id ?? "", tenant.currency ?? "", ...names, ...lines];
}
