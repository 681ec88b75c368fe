// The Web API query functions (webapi/reference/queryfunctions: Microsoft.Dynamics.CRM.LastXDays(
// PropertyName='createdon',PropertyValue=7), In, Between, On, ThisYear…) run the same operators as
// FetchXML conditions, so $filter reuses the FetchXML predicates for them.
import type { EntityModel } from '../model';
import type { Ctx } from '../http-types';
import { stableGuid } from '../util';
import { badQuery } from '../errors';
import type { QueryFunctionCompiler } from '../filter';
import { checkOperator, compileCondition } from './conditions';

const SPECIAL: Record<string, string> = {
  Last7Days: 'last-seven-days',
  Next7Days: 'next-seven-days',
  DoesNotContainValues: 'not-contain-values',
  EqualUserId: 'eq-userid',
  NotEqualUserId: 'ne-userid',
  EqualBusinessId: 'eq-businessid',
  NotEqualBusinessId: 'ne-businessid',
};

/** `LastXDays` → `last-x-days`, `OlderThanXMonths` → `olderthan-x-months`, `OnOrAfter` → `on-or-after`. */
export function operatorOf(fn: string): string {
  return (
    SPECIAL[fn] ??
    fn
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .replace(/([A-Z])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/^older-than/, 'olderthan')
  );
}

export function queryFunctions(entity: EntityModel, userId: string, businessUnitId: string): QueryFunctionCompiler {
  return (name, prop, values) => {
    const attr = entity.attrByWebName.get(prop);
    if (!attr) throw badQuery(`Could not find a property named '${prop}' on type '${entity.logicalName}'.`);
    let operator: string;
    try {
      operator = checkOperator(operatorOf(name));
    } catch {
      throw badQuery(`No function signature for the function with name 'Microsoft.Dynamics.CRM.${name}' exists.`);
    }
    return compileCondition({ attr, operator, values }, { userId, businessUnitId, now: Date.now() });
  };
}

/** The signed-in user and their business unit, as FetchXML's eq-userid sees them. */
export function callerOf(ctx: Ctx): { userId: string; businessUnitId: string } {
  return { userId: stableGuid(`user:${ctx.oid}`), businessUnitId: ctx.org.firstId('businessunit', 'businessunit') };
}
