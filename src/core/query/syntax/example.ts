// The text of a new scratchpad ("Dynamics 365: New Web API Scratchpad"): one working example of each
// request kind for the chosen organization, so a new user sees the format by running it.
import { SCRATCHPAD_EXTENSION } from './syntax';

/**
 * `name` (the organization's short name) is in the first line: VS Code titles an unsaved editor with
 * its first line, so the tab reads "# Web API scratchpad for contoso".
 */
export function exampleScratchpad(orgUrl: string, name: string): string {
  return `# Web API scratchpad for ${name}
# Run a request with "▶ Run" above it (or Ctrl+Alt+R). Requests are separated by ### lines;
# # and // start comments; {{name}} uses a variable. Saved files end in ${SCRATCHPAD_EXTENSION}.
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
