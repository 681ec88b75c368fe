// The text of a new scratchpad ("Dynamics 365: New Web API Scratchpad"): one working example of each
// request kind for the chosen organization, so a new user sees the format by running it.
import * as l10n from '@vscode/l10n';
import { SCRATCHPAD_EXTENSION } from './syntax';

/**
 * `name` (the organization's short name) is in the first line: VS Code titles an unsaved editor with
 * its first line, so the tab reads "# Web API scratchpad for contoso".
 */
export function exampleScratchpad(orgUrl: string, name: string): string {
  return `# ${l10n.t('Web API scratchpad for {0}', name)}
# ${l10n.t({
    message:
      'Run a request with "▶ Run" above it (or Ctrl+Alt+R). Requests are separated by ### lines;\n# # and // start comments; {{name}} uses a variable. Saved files end in {0}.',
    args: [SCRATCHPAD_EXTENSION],
    comment: [
      'Two comment lines of a new scratchpad: keep the line break and the "# " after it; keep ###, //, {{name}} as they are.',
    ],
  })}
@connection = ${orgUrl}
@top = 10

### ${l10n.t('Who am I?')}
GET WhoAmI

### ${l10n.t('The first accounts, with formatted values')}
GET accounts?$select=name,revenue,_primarycontactid_value&$top={{top}}
    &$orderby=name asc
Prefer: odata.include-annotations="*"

### ${l10n.t('Accounts whose name starts with "A", with their primary contact')}
GET accounts?$select=name&$filter=startswith(name,'A')&$expand=primarycontactid($select=fullname)

### ${l10n.t('The same kind of query in FetchXML (the entity set comes from metadata)')}
<fetch top="5">
  <entity name="account">
    <attribute name="name" />
    <order attribute="name" />
  </entity>
</fetch>

### ${l10n.t('Create a row (a write: production connections ask first)')}
# @name newAccount
POST accounts

{
  "name": "Scratchpad example {{$timestamp}}"
}

### ${l10n.t('Read the row created above')}
GET accounts({{newAccount.id}})?$select=name,createdon

### ${l10n.t('Delete it again')}
DELETE accounts({{newAccount.id}})
`;
}
