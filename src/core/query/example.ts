// The text of a new scratchpad ("Dynamics 365: New Web API Scratchpad"): one working example of each
// request kind for the chosen organization, so a new user sees the format by running it.
import { SCRATCHPAD_EXTENSION } from './syntax';

export function exampleScratchpad(orgUrl: string): string {
  return `# Dataverse Web API scratchpad (${SCRATCHPAD_EXTENSION}). Run a request with "▶ Run" above it.
# Requests are separated by ### lines; # and // start comments; {{name}} uses a variable.
@connection = ${orgUrl}
@top = 10

### Who am I?
GET WhoAmI

### The first accounts, with formatted values
GET accounts?$select=name,revenue,_primarycontactid_value&$top={{top}}
    &$orderby=name asc
Prefer: odata.include-annotations="*"

### Accounts whose name starts with "A", with their primary contact
GET accounts?$select=name&$filter=startswith(name,'A')&$expand=primarycontactid($select=fullname)

### The same kind of query in FetchXML (the entity set comes from metadata)
<fetch top="5">
  <entity name="account">
    <attribute name="name" />
    <order attribute="name" />
  </entity>
</fetch>

### Create a row (a write: production connections ask first)
# @name newAccount
POST accounts

{
  "name": "Scratchpad example {{$timestamp}}"
}

### Read the row created above
GET accounts({{newAccount.id}})?$select=name,createdon

### Delete it again
DELETE accounts({{newAccount.id}})
`;
}

/**
 * The name of a new untitled scratchpad, shown on its tab and proposed when it is saved:
 * `<base>-<n>.dvq` with the lowest n no open document uses. `base` is an organization's short name
 * or an entity set name; anything but letters, digits, dot, dash and underscore becomes a dash.
 */
export function untitledScratchpadName(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^\w.-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[.-]+|[.-]+$/g, '').slice(0, 40) || 'scratchpad';
  for (let n = 1; ; n++) {
    const name = `${clean}-${n}${SCRATCHPAD_EXTENSION}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}
