/* tslint:disable */
/* eslint-disable */
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import type { TsoaRoute } from '@tsoa/runtime';
import {  fetchMiddlewares, ExpressTemplateService } from '@tsoa/runtime';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { WebhookSecretController } from './../controllers/WebhookSecretController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { WebhookEndpointsController } from './../controllers/WebhookEndpointsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { UsageController } from './../controllers/UsageController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { SubscriptionController } from './../controllers/SubscriptionController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { PricesController } from './../controllers/PricesController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { PosesController } from './../controllers/PosesController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { PoseCategoriesController } from './../controllers/PosesController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { PlansController } from './../controllers/PlansController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { PaymentsController } from './../controllers/PaymentsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { OrganizationController } from './../controllers/OrganizationController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { ModelsController } from './../controllers/ModelsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { MembersController } from './../controllers/MembersController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { JobsController } from './../controllers/JobsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { InvitationsController } from './../controllers/InvitationsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { FilesController } from './../controllers/FilesController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { FileUploadsController } from './../controllers/FileUploadsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { EventsController } from './../controllers/EventsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { CreditTransactionsController } from './../controllers/CreditTransactionsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { CreditPacksController } from './../controllers/CreditPacksController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { CheckoutSessionsController } from './../controllers/CheckoutSessionsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { BillingController } from './../controllers/BillingController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { AvatarEditsController } from './../controllers/AvatarsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { AvatarPresetsController } from './../controllers/AvatarsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { AutoTopUpController } from './../controllers/AutoTopUpController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { AuthController } from './../controllers/AuthController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { AuditEventsController } from './../controllers/AuditEventsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { ApiKeysController } from './../controllers/ApiKeysController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { AccountController } from './../controllers/AccountController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { VideoMixesController } from './controllers/VideoMixesController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { ReformatsController } from './controllers/ReformatsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { PoseGenerationsController } from './controllers/PoseGenerationsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { LoopsController } from './controllers/LoopsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { CarouselsController } from './controllers/CarouselsController';
// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
import { AvatarsController } from './controllers/AvatarsController';
import { expressAuthentication } from './../tsoa-auth';
// @ts-ignore - no great way to install types from subpackage
import type { Request as ExRequest, Response as ExResponse, RequestHandler, Router } from 'express';

const expressAuthenticationRecasted = expressAuthentication as (req: ExRequest, securityName: string, scopes?: string[], res?: ExResponse) => Promise<any>;


// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

const models: TsoaRoute.Models = {
    "FieldError": {
        "dataType": "refObject",
        "properties": {
            "path": {"dataType":"string","required":true},
            "message": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Problem": {
        "dataType": "refObject",
        "properties": {
            "type": {"dataType":"string","required":true},
            "title": {"dataType":"string","required":true},
            "status": {"dataType":"double","required":true},
            "detail": {"dataType":"string","required":true},
            "code": {"dataType":"string","required":true},
            "request_id": {"dataType":"string","required":true},
            "instance": {"dataType":"string"},
            "errors": {"dataType":"array","array":{"dataType":"refObject","ref":"FieldError"}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "WebhookSecret": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["webhook_secret"],"required":true},
            "secret": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "WebhookEndpointWithSecret": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["webhook_endpoint"],"required":true},
            "url": {"dataType":"string","required":true},
            "description": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "event_types": {"dataType":"union","subSchemas":[{"dataType":"array","array":{"dataType":"string"}},{"dataType":"enum","enums":[null]}],"required":true},
            "enabled": {"dataType":"boolean","required":true},
            "disabled_reason": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
            "updated_at": {"dataType":"string","required":true},
            "secret": {"dataType":"string"},
            "secret_redacted": {"dataType":"boolean"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateWebhookEndpointRequest": {
        "dataType": "refObject",
        "properties": {
            "url": {"dataType":"string","required":true,"validators":{"maxLength":{"value":2048}}},
            "description": {"dataType":"string","validators":{"maxLength":{"value":500}}},
            "event_types": {"dataType":"array","array":{"dataType":"string"},"validators":{"maxItems":{"value":100}}},
            "enabled": {"dataType":"boolean"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "WebhookEndpoint": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["webhook_endpoint"],"required":true},
            "url": {"dataType":"string","required":true},
            "description": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "event_types": {"dataType":"union","subSchemas":[{"dataType":"array","array":{"dataType":"string"}},{"dataType":"enum","enums":[null]}],"required":true},
            "enabled": {"dataType":"boolean","required":true},
            "disabled_reason": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
            "updated_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_WebhookEndpoint_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"WebhookEndpoint"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "UpdateWebhookEndpointRequest": {
        "dataType": "refObject",
        "properties": {
            "url": {"dataType":"string","validators":{"maxLength":{"value":2048}}},
            "description": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"validators":{"maxLength":{"value":500}}},
            "event_types": {"dataType":"union","subSchemas":[{"dataType":"array","array":{"dataType":"string"}},{"dataType":"enum","enums":[null]}],"validators":{"maxItems":{"value":100}}},
            "enabled": {"dataType":"boolean"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DeletedWebhookEndpoint": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["webhook_endpoint"],"required":true},
            "deleted": {"dataType":"enum","enums":[true],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "WebhookDelivery": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["webhook_delivery"],"required":true},
            "event_id": {"dataType":"string","required":true},
            "event_type": {"dataType":"string","required":true},
            "attempt": {"dataType":"double","required":true},
            "attempted_at": {"dataType":"string","required":true},
            "status_code": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "latency_ms": {"dataType":"double","required":true},
            "outcome": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["succeeded"]},{"dataType":"enum","enums":["failed"]}],"required":true},
            "error": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "response_excerpt": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "next_retry_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_WebhookDelivery_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"WebhookDelivery"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "RecoverResult": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["webhook_recovery"],"required":true},
            "endpoint_id": {"dataType":"string","required":true},
            "since": {"dataType":"string","required":true},
            "scheduled": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "WebhookEndpointTestEvent": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["event"],"required":true},
            "type": {"dataType":"enum","enums":["webhook_endpoint.test"],"required":true},
            "created_at": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "data": {"dataType":"nestedObjectLiteral","nestedProperties":{"object":{"ref":"WebhookEndpoint","required":true}},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "UsageGranularity": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["day"]},{"dataType":"enum","enums":["month"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "UsageGroupBy": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["app"]},{"dataType":"enum","enums":["api_key"]},{"dataType":"enum","enums":["status"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "UsageAmounts": {
        "dataType": "refObject",
        "properties": {
            "jobs": {"dataType":"integer","required":true},
            "credits_charged": {"dataType":"integer","required":true},
            "credits_refunded": {"dataType":"integer","required":true},
            "credits_held": {"dataType":"integer","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "UsageGroup": {
        "dataType": "refObject",
        "properties": {
            "jobs": {"dataType":"integer","required":true},
            "credits_charged": {"dataType":"integer","required":true},
            "credits_refunded": {"dataType":"integer","required":true},
            "credits_held": {"dataType":"integer","required":true},
            "group": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "UsageBucket": {
        "dataType": "refObject",
        "properties": {
            "jobs": {"dataType":"integer","required":true},
            "credits_charged": {"dataType":"integer","required":true},
            "credits_refunded": {"dataType":"integer","required":true},
            "credits_held": {"dataType":"integer","required":true},
            "start": {"dataType":"string","required":true},
            "end": {"dataType":"string","required":true},
            "groups": {"dataType":"array","array":{"dataType":"refObject","ref":"UsageGroup"}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Usage": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["usage"],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "timezone": {"dataType":"enum","enums":["UTC"],"required":true},
            "granularity": {"ref":"UsageGranularity","required":true},
            "group_by": {"dataType":"union","subSchemas":[{"ref":"UsageGroupBy"},{"dataType":"enum","enums":[null]}],"required":true},
            "api_key": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "from": {"dataType":"string","required":true},
            "to": {"dataType":"string","required":true},
            "totals": {"ref":"UsageAmounts","required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"UsageBucket"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "GatewayName": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["stripe"]},{"dataType":"enum","enums":["duitku"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Subscription": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["subscription"],"required":true},
            "gateway": {"dataType":"union","subSchemas":[{"ref":"GatewayName"},{"dataType":"enum","enums":[null]}],"required":true},
            "plan": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "status": {"dataType":"string","required":true},
            "current_period_end": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "cancel_at_period_end": {"dataType":"boolean","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "updated_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Price": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["price"],"required":true},
            "product": {"dataType":"string","required":true},
            "description": {"dataType":"string","required":true},
            "unit": {"dataType":"string","required":true},
            "base": {"dataType":"double","required":true},
            "surcharges": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"double"}},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Price_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Price"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Pose": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["pose"],"required":true},
            "name": {"dataType":"string","required":true},
            "category": {"dataType":"string","required":true},
            "tags": {"dataType":"array","array":{"dataType":"string"},"required":true},
            "difficulty": {"dataType":"string","required":true},
            "suitability": {"dataType":"array","array":{"dataType":"string"},"required":true},
            "description": {"dataType":"string","required":true},
            "aspect": {"dataType":"string","required":true},
            "view": {"dataType":"string","required":true},
            "keypoints": {"dataType":"array","array":{"dataType":"union","subSchemas":[{"dataType":"array","array":{"dataType":"double"}},{"dataType":"enum","enums":[null]}]},"required":true},
            "preview_url": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Pose_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Pose"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PoseCategory": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["pose_category"],"required":true},
            "name": {"dataType":"string","required":true},
            "description": {"dataType":"string","required":true},
            "count": {"dataType":"integer","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_PoseCategory_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"PoseCategory"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Plan": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["plan"],"required":true},
            "name": {"dataType":"string","required":true},
            "amount": {"dataType":"double","required":true},
            "currency": {"dataType":"string","required":true},
            "interval": {"dataType":"enum","enums":["month"],"required":true},
            "monthly_credits": {"dataType":"double","required":true},
            "rollover": {"dataType":"boolean","required":true},
            "tier": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["free"]},{"dataType":"enum","enums":["pro"]},{"dataType":"enum","enums":["enterprise"]}],"required":true},
            "rate_limit_per_minute": {"dataType":"double","required":true},
            "gateways": {"dataType":"array","array":{"dataType":"refAlias","ref":"GatewayName"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Plan_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Plan"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PaymentStatus": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["pending"]},{"dataType":"enum","enums":["succeeded"]},{"dataType":"enum","enums":["failed"]},{"dataType":"enum","enums":["refunded"]},{"dataType":"enum","enums":["partially_refunded"]},{"dataType":"enum","enums":["disputed"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Payment": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["payment"],"required":true},
            "gateway": {"ref":"GatewayName","required":true},
            "kind": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["pack"]},{"dataType":"enum","enums":["plan"]}],"required":true},
            "item": {"dataType":"string","required":true},
            "amount": {"dataType":"double","required":true},
            "currency": {"dataType":"string","required":true},
            "credits": {"dataType":"double","required":true},
            "status": {"ref":"PaymentStatus","required":true},
            "amount_refunded": {"dataType":"double","required":true},
            "credits_reversed": {"dataType":"double","required":true},
            "receipt_url": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Payment_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Payment"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Organization": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["organization"],"required":true},
            "name": {"dataType":"string","required":true},
            "billing_email": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "UpdateOrganizationRequest": {
        "dataType": "refObject",
        "properties": {
            "name": {"dataType":"string","validators":{"minLength":{"value":1},"maxLength":{"value":100}}},
            "billing_email": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}]},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AiModel": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["model"],"required":true},
            "app": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["avatar"]},{"dataType":"enum","enums":["pose_generation"]}],"required":true},
            "provider": {"dataType":"string","required":true},
            "capabilities": {"dataType":"array","array":{"dataType":"string"},"required":true},
            "credit_cost": {"dataType":"integer","required":true},
            "tier": {"dataType":"string","required":true},
            "available": {"dataType":"boolean","required":true},
            "description": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_AiModel_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"AiModel"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Role": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["owner"]},{"dataType":"enum","enums":["admin"]},{"dataType":"enum","enums":["developer"]},{"dataType":"enum","enums":["billing"]},{"dataType":"enum","enums":["viewer"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "MemberRole": {
        "dataType": "refAlias",
        "type": {"ref":"Role","validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Member": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["member"],"required":true},
            "user_id": {"dataType":"string","required":true},
            "email": {"dataType":"string","required":true},
            "name": {"dataType":"string","required":true},
            "role": {"ref":"MemberRole","required":true},
            "email_verified": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Member_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Member"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "UpdateMemberRequest": {
        "dataType": "refObject",
        "properties": {
            "role": {"ref":"MemberRole","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DeletedMember": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["member"],"required":true},
            "deleted": {"dataType":"enum","enums":[true],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AppName": {
        "dataType": "refAlias",
        "type": {"dataType":"enum","enums":["avatar","carousel","loop","pose_generation","reformat","video_mix"],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "JobStatus": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["queued"]},{"dataType":"enum","enums":["processing"]},{"dataType":"enum","enums":["succeeded"]},{"dataType":"enum","enums":["failed"]},{"dataType":"enum","enums":["canceled"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "JobProgress": {
        "dataType": "refObject",
        "properties": {
            "fraction": {"dataType":"double","required":true},
            "stage": {"dataType":"string","required":true},
            "eta_seconds": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "JobOutput": {
        "dataType": "refObject",
        "properties": {
            "file_id": {"dataType":"string","required":true},
            "url": {"dataType":"string","required":true},
            "url_expires_at": {"dataType":"string","required":true},
            "filename": {"dataType":"string","required":true},
            "content_type": {"dataType":"string","required":true},
            "bytes": {"dataType":"double","required":true},
            "role": {"dataType":"string","required":true},
            "index": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "position": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"any"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "JobCredits": {
        "dataType": "refObject",
        "properties": {
            "quoted": {"dataType":"double","required":true},
            "reserved": {"dataType":"double","required":true},
            "charged": {"dataType":"double","required":true},
            "refunded": {"dataType":"double","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "JobErrorInfo": {
        "dataType": "refObject",
        "properties": {
            "code": {"dataType":"string","required":true},
            "message": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Job": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "status": {"ref":"JobStatus","required":true},
            "progress": {"ref":"JobProgress","required":true},
            "outputs": {"dataType":"array","array":{"dataType":"refObject","ref":"JobOutput"},"required":true},
            "credits": {"ref":"JobCredits","required":true},
            "error": {"dataType":"union","subSchemas":[{"ref":"JobErrorInfo"},{"dataType":"enum","enums":[null]}],"required":true},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"},"required":true},
            "external_id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
            "started_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "finished_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "expires_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "object": {"ref":"AppName","required":true},
            "input": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"any"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Job_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Job"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "InvitationStatus": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["pending"]},{"dataType":"enum","enums":["accepted"]},{"dataType":"enum","enums":["revoked"]},{"dataType":"enum","enums":["expired"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Invitation": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["invitation"],"required":true},
            "email": {"dataType":"string","required":true},
            "role": {"ref":"MemberRole","required":true},
            "status": {"ref":"InvitationStatus","required":true},
            "invited_by": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "expires_at": {"dataType":"string","required":true},
            "accepted_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateInvitationRequest": {
        "dataType": "refObject",
        "properties": {
            "email": {"dataType":"string","required":true},
            "role": {"ref":"MemberRole","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Invitation_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Invitation"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "FileKind": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["image"]},{"dataType":"enum","enums":["video"]},{"dataType":"enum","enums":["audio"]},{"dataType":"enum","enums":["archive"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "FileMetadata": {
        "dataType": "refObject",
        "properties": {
            "width": {"dataType":"union","subSchemas":[{"dataType":"integer"},{"dataType":"enum","enums":[null]}]},
            "height": {"dataType":"union","subSchemas":[{"dataType":"integer"},{"dataType":"enum","enums":[null]}]},
            "format": {"dataType":"string"},
            "has_alpha": {"dataType":"boolean"},
            "animated": {"dataType":"boolean"},
            "pages": {"dataType":"integer"},
            "duration_seconds": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}]},
            "fps": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}]},
            "video_codec": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}]},
            "audio_codec": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}]},
            "has_audio": {"dataType":"boolean"},
            "has_video": {"dataType":"boolean"},
            "audio_channels": {"dataType":"union","subSchemas":[{"dataType":"integer"},{"dataType":"enum","enums":[null]}]},
            "audio_sample_rate": {"dataType":"union","subSchemas":[{"dataType":"integer"},{"dataType":"enum","enums":[null]}]},
            "rotation": {"dataType":"integer"},
            "container": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}]},
        },
        "additionalProperties": {"dataType":"any"},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "FileSource": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["upload"]},{"dataType":"enum","enums":["url"]},{"dataType":"enum","enums":["output"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "FileObject": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["file"],"required":true},
            "filename": {"dataType":"string","required":true},
            "content_type": {"dataType":"string","required":true},
            "kind": {"ref":"FileKind","required":true},
            "bytes": {"dataType":"long","required":true},
            "sha256": {"dataType":"string","required":true},
            "metadata": {"ref":"FileMetadata","required":true},
            "source": {"ref":"FileSource","required":true},
            "source_url": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "url": {"dataType":"string","required":true},
            "url_expires_at": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ImportFileRequest": {
        "dataType": "refObject",
        "properties": {
            "url": {"dataType":"string","required":true},
            "filename": {"dataType":"string","validators":{"minLength":{"value":1},"maxLength":{"value":255}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_FileObject_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"FileObject"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DeletedFile": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["file"],"required":true},
            "deleted": {"dataType":"enum","enums":[true],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "FileUploadPart": {
        "dataType": "refObject",
        "properties": {
            "part_number": {"dataType":"integer","required":true},
            "bytes": {"dataType":"long","required":true},
            "url": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "FileUpload": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["file_upload"],"required":true},
            "status": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["open"]},{"dataType":"enum","enums":["completing"]},{"dataType":"enum","enums":["completed"]},{"dataType":"enum","enums":["aborted"]},{"dataType":"enum","enums":["failed"]}],"required":true},
            "filename": {"dataType":"string","required":true},
            "content_type": {"dataType":"string","required":true},
            "bytes": {"dataType":"long","required":true},
            "part_size": {"dataType":"long","required":true},
            "parts": {"dataType":"array","array":{"dataType":"refObject","ref":"FileUploadPart"},"required":true},
            "file_id": {"dataType":"string","required":true},
            "expires_at": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateFileUploadRequest": {
        "dataType": "refObject",
        "properties": {
            "filename": {"dataType":"string","required":true,"validators":{"minLength":{"value":1},"maxLength":{"value":255}}},
            "content_type": {"dataType":"string","required":true,"validators":{"minLength":{"value":1},"maxLength":{"value":255}}},
            "bytes": {"dataType":"long","required":true,"validators":{"minimum":{"value":1}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CompletedPart": {
        "dataType": "refObject",
        "properties": {
            "part_number": {"dataType":"integer","required":true,"validators":{"minimum":{"value":1},"maximum":{"value":10000}}},
            "etag": {"dataType":"string","required":true,"validators":{"minLength":{"value":1},"maxLength":{"value":200}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CompleteFileUploadRequest": {
        "dataType": "refObject",
        "properties": {
            "parts": {"dataType":"array","array":{"dataType":"refObject","ref":"CompletedPart"},"required":true,"validators":{"minItems":{"value":1},"maxItems":{"value":10000}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "JobEvent": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["event"],"required":true},
            "created_at": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "type": {"dataType":"string","required":true,"validators":{"pattern":{"value":"^[a-z_]+\\.(queued|processing|succeeded|failed|canceled)$"}}},
            "data": {"dataType":"nestedObjectLiteral","nestedProperties":{"object":{"ref":"Job","required":true}},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AvatarSource": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["prompt"]},{"dataType":"enum","enums":["upload"]},{"dataType":"enum","enums":["preset"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AvatarPersona": {
        "dataType": "refObject",
        "properties": {
            "name": {"dataType":"string","validators":{"maxLength":{"value":100}}},
            "age": {"dataType":"integer","validators":{"minimum":{"value":1},"maximum":{"value":120}}},
            "gender": {"dataType":"string","validators":{"maxLength":{"value":100}}},
            "ethnicity": {"dataType":"string","validators":{"maxLength":{"value":100}}},
            "body_type": {"dataType":"string","validators":{"maxLength":{"value":100}}},
            "hair_style": {"dataType":"string","validators":{"maxLength":{"value":100}}},
            "hair_color": {"dataType":"string","validators":{"maxLength":{"value":100}}},
            "eye_color": {"dataType":"string","validators":{"maxLength":{"value":100}}},
            "skin_tone": {"dataType":"string","validators":{"maxLength":{"value":100}}},
            "style": {"dataType":"string","validators":{"maxLength":{"value":100}}},
            "personality": {"dataType":"string","validators":{"maxLength":{"value":100}}},
            "background": {"dataType":"string","validators":{"maxLength":{"value":100}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateAvatarRequest": {
        "dataType": "refObject",
        "properties": {
            "from": {"ref":"AvatarSource","required":true},
            "name": {"dataType":"string","required":true,"validators":{"minLength":{"value":1},"maxLength":{"value":100}}},
            "persona": {"ref":"AvatarPersona"},
            "prompt": {"dataType":"string","validators":{"maxLength":{"value":10000}}},
            "negative_prompt": {"dataType":"string","validators":{"maxLength":{"value":10000}}},
            "model": {"dataType":"string"},
            "width": {"dataType":"integer"},
            "height": {"dataType":"integer"},
            "seed": {"dataType":"integer","validators":{"minimum":{"value":0},"maximum":{"value":2147483647}}},
            "file_id": {"dataType":"string","validators":{"pattern":{"value":"^file_[0-9a-z]{26}$"}}},
            "preset": {"dataType":"string"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Avatar": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "status": {"ref":"JobStatus","required":true},
            "progress": {"ref":"JobProgress","required":true},
            "outputs": {"dataType":"array","array":{"dataType":"refObject","ref":"JobOutput"},"required":true},
            "credits": {"ref":"JobCredits","required":true},
            "error": {"dataType":"union","subSchemas":[{"ref":"JobErrorInfo"},{"dataType":"enum","enums":[null]}],"required":true},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"},"required":true},
            "external_id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
            "started_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "finished_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "expires_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "object": {"dataType":"enum","enums":["avatar"],"required":true},
            "name": {"dataType":"string","required":true},
            "source": {"ref":"AvatarSource","required":true},
            "persona": {"ref":"AvatarPersona","required":true},
            "image": {"dataType":"union","subSchemas":[{"ref":"JobOutput"},{"dataType":"enum","enums":[null]}],"required":true},
            "thumbnail": {"dataType":"union","subSchemas":[{"ref":"JobOutput"},{"dataType":"enum","enums":[null]}],"required":true},
            "input": {"ref":"CreateAvatarRequest","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AvatarEvent": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["event"],"required":true},
            "created_at": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "type": {"dataType":"string","required":true,"validators":{"pattern":{"value":"^avatar\\.(queued|processing|succeeded|failed|canceled)$"}}},
            "data": {"dataType":"nestedObjectLiteral","nestedProperties":{"object":{"ref":"Avatar","required":true}},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PoseBackground": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["keep"]},{"dataType":"enum","enums":["color"]},{"dataType":"enum","enums":["prompt"]},{"dataType":"enum","enums":["image"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ExportFormat": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["instagram_story"]},{"dataType":"enum","enums":["instagram_feed"]},{"dataType":"enum","enums":["instagram_portrait"]},{"dataType":"enum","enums":["tiktok"]},{"dataType":"enum","enums":["facebook"]},{"dataType":"enum","enums":["twitter"]},{"dataType":"enum","enums":["linkedin"]},{"dataType":"enum","enums":["shopee"]},{"dataType":"enum","enums":["tokopedia"]},{"dataType":"enum","enums":["print_a4"]},{"dataType":"enum","enums":["original"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PoseOutputFormat": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["jpeg"]},{"dataType":"enum","enums":["png"]},{"dataType":"enum","enums":["webp"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreatePoseGenerationRequest": {
        "dataType": "refObject",
        "properties": {
            "avatar_id": {"dataType":"string"},
            "image": {"dataType":"string","validators":{"pattern":{"value":"^file_[0-9a-z]{26}$"}}},
            "poses": {"dataType":"array","array":{"dataType":"string"},"validators":{"minItems":{"value":1},"maxItems":{"value":50}}},
            "prompt": {"dataType":"string","validators":{"maxLength":{"value":10000}}},
            "negative_prompt": {"dataType":"string","validators":{"maxLength":{"value":10000}}},
            "variations": {"dataType":"integer","validators":{"minimum":{"value":1},"maximum":{"value":10}}},
            "background": {"ref":"PoseBackground"},
            "background_color": {"dataType":"string","validators":{"pattern":{"value":"^#[0-9A-Fa-f]{6}$"}}},
            "background_prompt": {"dataType":"string","validators":{"maxLength":{"value":10000}}},
            "background_image": {"dataType":"string","validators":{"pattern":{"value":"^file_[0-9a-z]{26}$"}}},
            "export_formats": {"dataType":"array","array":{"dataType":"refAlias","ref":"ExportFormat"},"validators":{"minItems":{"value":1},"maxItems":{"value":11}}},
            "model": {"dataType":"string"},
            "width": {"dataType":"integer"},
            "height": {"dataType":"integer"},
            "seed": {"dataType":"integer","validators":{"minimum":{"value":0},"maximum":{"value":2147483647}}},
            "strength": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":1}}},
            "output_format": {"ref":"PoseOutputFormat"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PoseGenerationItem": {
        "dataType": "refObject",
        "properties": {
            "index": {"dataType":"integer","required":true},
            "status": {"ref":"JobStatus","required":true},
            "pose_id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "variation": {"dataType":"integer","required":true},
            "seed": {"dataType":"union","subSchemas":[{"dataType":"integer"},{"dataType":"enum","enums":[null]}],"required":true},
            "error": {"dataType":"union","subSchemas":[{"ref":"JobErrorInfo"},{"dataType":"enum","enums":[null]}],"required":true},
            "outputs": {"dataType":"array","array":{"dataType":"refObject","ref":"JobOutput"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PoseGeneration": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "status": {"ref":"JobStatus","required":true},
            "progress": {"ref":"JobProgress","required":true},
            "outputs": {"dataType":"array","array":{"dataType":"refObject","ref":"JobOutput"},"required":true},
            "credits": {"ref":"JobCredits","required":true},
            "error": {"dataType":"union","subSchemas":[{"ref":"JobErrorInfo"},{"dataType":"enum","enums":[null]}],"required":true},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"},"required":true},
            "external_id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
            "started_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "finished_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "expires_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "object": {"dataType":"enum","enums":["pose_generation"],"required":true},
            "input": {"ref":"CreatePoseGenerationRequest","required":true},
            "items": {"dataType":"array","array":{"dataType":"refObject","ref":"PoseGenerationItem"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PoseGenerationEvent": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["event"],"required":true},
            "created_at": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "type": {"dataType":"string","required":true,"validators":{"pattern":{"value":"^pose_generation\\.(queued|processing|succeeded|failed|canceled)$"}}},
            "data": {"dataType":"nestedObjectLiteral","nestedProperties":{"object":{"ref":"PoseGeneration","required":true}},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreditBalance": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["balance"],"required":true},
            "account_id": {"dataType":"string","required":true},
            "balance": {"dataType":"double","required":true},
            "threshold": {"dataType":"double","required":true},
            "livemode": {"dataType":"boolean","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreditsLowEvent": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["event"],"required":true},
            "created_at": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "type": {"dataType":"enum","enums":["credits.low"],"required":true},
            "data": {"dataType":"nestedObjectLiteral","nestedProperties":{"object":{"ref":"CreditBalance","required":true}},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "WebhookEndpointDisabledEvent": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["event"],"required":true},
            "created_at": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "type": {"dataType":"enum","enums":["webhook_endpoint.disabled"],"required":true},
            "data": {"dataType":"nestedObjectLiteral","nestedProperties":{"object":{"ref":"WebhookEndpoint","required":true}},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PaymentEvent": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["event"],"required":true},
            "created_at": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "type": {"dataType":"string","required":true,"validators":{"pattern":{"value":"^payment\\.(succeeded|refunded)$"}}},
            "data": {"dataType":"nestedObjectLiteral","nestedProperties":{"object":{"ref":"Payment","required":true}},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SubscriptionUpdatedEvent": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["event"],"required":true},
            "created_at": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "type": {"dataType":"enum","enums":["subscription.updated"],"required":true},
            "data": {"dataType":"nestedObjectLiteral","nestedProperties":{"object":{"ref":"Subscription","required":true}},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Event": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"ref":"JobEvent"},{"ref":"AvatarEvent"},{"ref":"PoseGenerationEvent"},{"ref":"CreditsLowEvent"},{"ref":"WebhookEndpointDisabledEvent"},{"ref":"WebhookEndpointTestEvent"},{"ref":"PaymentEvent"},{"ref":"SubscriptionUpdatedEvent"}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Event_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refAlias","ref":"Event"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ResendResult": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["event_resend"],"required":true},
            "event_id": {"dataType":"string","required":true},
            "scheduled": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreditTransactionType": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["grant"]},{"dataType":"enum","enums":["purchase"]},{"dataType":"enum","enums":["reserve"]},{"dataType":"enum","enums":["capture"]},{"dataType":"enum","enums":["release"]},{"dataType":"enum","enums":["refund"]},{"dataType":"enum","enums":["adjust"]},{"dataType":"enum","enums":["reversal"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreditTransaction": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["credit_transaction"],"required":true},
            "type": {"ref":"CreditTransactionType","required":true},
            "amount": {"dataType":"double","required":true},
            "balance_after": {"dataType":"double","required":true},
            "reservation_id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "api_key_id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "description": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_CreditTransaction_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"CreditTransaction"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreditPack": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["credit_pack"],"required":true},
            "name": {"dataType":"string","required":true},
            "credits": {"dataType":"double","required":true},
            "amount": {"dataType":"double","required":true},
            "currency": {"dataType":"string","required":true},
            "gateways": {"dataType":"array","array":{"dataType":"refAlias","ref":"GatewayName"},"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_CreditPack_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"CreditPack"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CheckoutSession": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["checkout_session"],"required":true},
            "gateway": {"ref":"GatewayName","required":true},
            "url": {"dataType":"string","required":true},
            "payment_id": {"dataType":"string","required":true},
            "item": {"dataType":"string","required":true},
            "amount": {"dataType":"double","required":true},
            "currency": {"dataType":"string","required":true},
            "credits": {"dataType":"double","required":true},
            "expires_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CheckoutSessionRequest": {
        "dataType": "refObject",
        "properties": {
            "pack": {"dataType":"string"},
            "plan": {"dataType":"string"},
            "success_url": {"dataType":"string","required":true,"validators":{"maxLength":{"value":2048}}},
            "cancel_url": {"dataType":"string","required":true,"validators":{"maxLength":{"value":2048}}},
            "gateway": {"ref":"GatewayName"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "BillingPortalSession": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["billing_portal_session"],"required":true},
            "gateway": {"ref":"GatewayName","required":true},
            "url": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "BillingPortalSessionRequest": {
        "dataType": "refObject",
        "properties": {
            "return_url": {"dataType":"string","required":true,"validators":{"maxLength":{"value":2048}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "UpdateAvatarRequest": {
        "dataType": "refObject",
        "properties": {
            "name": {"dataType":"string","validators":{"minLength":{"value":1},"maxLength":{"value":100}}},
            "persona": {"ref":"AvatarPersona"},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "DeletedAvatar": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["avatar"],"required":true},
            "deleted": {"dataType":"enum","enums":[true],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AvatarPreset": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["avatar_preset"],"required":true},
            "name": {"dataType":"string","required":true},
            "description": {"dataType":"string","required":true},
            "persona": {"ref":"AvatarPersona","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_AvatarPreset_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"AvatarPreset"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AutoTopUpSettings": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["auto_top_up"],"required":true},
            "enabled": {"dataType":"boolean","required":true},
            "threshold": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "pack": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "consecutive_failures": {"dataType":"double","required":true},
            "livemode": {"dataType":"boolean","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AutoTopUpRequest": {
        "dataType": "refObject",
        "properties": {
            "threshold": {"dataType":"integer","required":true,"validators":{"minimum":{"value":1}}},
            "pack": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SignupAccepted": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["signup"],"required":true},
            "email": {"dataType":"string","required":true},
            "message": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SignupRequest": {
        "dataType": "refObject",
        "properties": {
            "email": {"dataType":"string","required":true},
            "password": {"dataType":"string","required":true},
            "name": {"dataType":"string","required":true,"validators":{"minLength":{"value":1},"maxLength":{"value":100}}},
            "organization_name": {"dataType":"string","validators":{"minLength":{"value":1},"maxLength":{"value":100}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SessionUserInfo": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["user"],"required":true},
            "email": {"dataType":"string","required":true},
            "name": {"dataType":"string","required":true},
            "email_verified": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SessionOrganization": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["organization"],"required":true},
            "name": {"dataType":"string","required":true},
            "role": {"ref":"MemberRole","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AuthSession": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["session"],"required":true},
            "user": {"ref":"SessionUserInfo","required":true},
            "organizations": {"dataType":"array","array":{"dataType":"refObject","ref":"SessionOrganization"},"required":true},
            "csrf_token": {"dataType":"string","required":true},
            "expires_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "LoginRequest": {
        "dataType": "refObject",
        "properties": {
            "email": {"dataType":"string","required":true},
            "password": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "LogoutResult": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["logout"],"required":true},
            "sessions_ended": {"dataType":"double","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "SignupTestKey": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "secret": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "EmailVerification": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["email_verification"],"required":true},
            "email": {"dataType":"string","required":true},
            "verified": {"dataType":"boolean","required":true},
            "test_api_key": {"dataType":"union","subSchemas":[{"ref":"SignupTestKey"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "TokenRequest": {
        "dataType": "refObject",
        "properties": {
            "token": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PasswordResetAccepted": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["password_reset"],"required":true},
            "email": {"dataType":"string","required":true},
            "message": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PasswordResetRequest": {
        "dataType": "refObject",
        "properties": {
            "email": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PasswordResetDone": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["password_reset"],"required":true},
            "email": {"dataType":"string","required":true},
            "sessions_ended": {"dataType":"boolean","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "PasswordResetConfirmRequest": {
        "dataType": "refObject",
        "properties": {
            "token": {"dataType":"string","required":true},
            "password": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AcceptInvitationRequest": {
        "dataType": "refObject",
        "properties": {
            "token": {"dataType":"string","required":true},
            "name": {"dataType":"string","validators":{"minLength":{"value":1},"maxLength":{"value":100}}},
            "password": {"dataType":"string"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AuditAction": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["api_key.created"]},{"dataType":"enum","enums":["api_key.revoked"]},{"dataType":"enum","enums":["member.invited"]},{"dataType":"enum","enums":["member.added"]},{"dataType":"enum","enums":["member.removed"]},{"dataType":"enum","enums":["member.role_changed"]},{"dataType":"enum","enums":["invitation.accepted"]},{"dataType":"enum","enums":["invitation.revoked"]},{"dataType":"enum","enums":["organization.updated"]},{"dataType":"enum","enums":["webhook_endpoint.created"]},{"dataType":"enum","enums":["webhook_endpoint.updated"]},{"dataType":"enum","enums":["webhook_endpoint.deleted"]},{"dataType":"enum","enums":["webhook_endpoint.secret_rotated"]},{"dataType":"enum","enums":["session.new_device"]},{"dataType":"enum","enums":["session.revoked_all"]},{"dataType":"enum","enums":["user.signed_up"]},{"dataType":"enum","enums":["user.email_verified"]},{"dataType":"enum","enums":["user.password_changed"]},{"dataType":"enum","enums":["user.password_reset"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AuditEventActor": {
        "dataType": "refObject",
        "properties": {
            "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["api_key"]},{"dataType":"enum","enums":["user"]},{"dataType":"enum","enums":["system"]}],"required":true},
            "id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "email": {"dataType":"string"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AuditEventTarget": {
        "dataType": "refObject",
        "properties": {
            "type": {"dataType":"string","required":true},
            "id": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AuditEvent": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["audit_event"],"required":true},
            "action": {"ref":"AuditAction","required":true},
            "actor": {"ref":"AuditEventActor","required":true},
            "target": {"dataType":"union","subSchemas":[{"ref":"AuditEventTarget"},{"dataType":"enum","enums":[null]}],"required":true},
            "ip": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "user_agent": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "data": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"any"},"required":true},
            "livemode": {"dataType":"union","subSchemas":[{"dataType":"boolean"},{"dataType":"enum","enums":[null]}],"required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_AuditEvent_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"AuditEvent"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Scope": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["billing"]},{"dataType":"enum","enums":["read"]},{"dataType":"enum","enums":["jobs:write"]},{"dataType":"enum","enums":["files:write"]},{"dataType":"enum","enums":["webhooks:manage"]},{"dataType":"enum","enums":["keys:manage"]},{"dataType":"enum","enums":["members:manage"]},{"dataType":"enum","enums":["organization:manage"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ApiKeyScope": {
        "dataType": "refAlias",
        "type": {"ref":"Scope","validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "QuotaPeriod": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["day"]},{"dataType":"enum","enums":["month"]},{"dataType":"enum","enums":["total"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ApiKeyWithSecret": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["api_key"],"required":true},
            "name": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "redacted_key": {"dataType":"string","required":true},
            "scopes": {"dataType":"array","array":{"dataType":"refAlias","ref":"ApiKeyScope"},"required":true},
            "credit_limit": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "credit_limit_period": {"dataType":"union","subSchemas":[{"ref":"QuotaPeriod"},{"dataType":"enum","enums":[null]}],"required":true},
            "credit_used": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "last_used_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "revoked": {"dataType":"boolean","required":true},
            "revoked_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "created_at": {"dataType":"string","required":true},
            "secret": {"dataType":"string"},
            "secret_redacted": {"dataType":"boolean"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateApiKeyRequest": {
        "dataType": "refObject",
        "properties": {
            "name": {"dataType":"string","required":true,"validators":{"minLength":{"value":1},"maxLength":{"value":100}}},
            "scopes": {"dataType":"array","array":{"dataType":"refAlias","ref":"ApiKeyScope"}},
            "credit_limit": {"dataType":"integer","validators":{"minimum":{"value":1},"maximum":{"value":1000000000}}},
            "credit_limit_period": {"ref":"QuotaPeriod"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ApiKey": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["api_key"],"required":true},
            "name": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "redacted_key": {"dataType":"string","required":true},
            "scopes": {"dataType":"array","array":{"dataType":"refAlias","ref":"ApiKeyScope"},"required":true},
            "credit_limit": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "credit_limit_period": {"dataType":"union","subSchemas":[{"ref":"QuotaPeriod"},{"dataType":"enum","enums":[null]}],"required":true},
            "credit_used": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "last_used_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "revoked": {"dataType":"boolean","required":true},
            "revoked_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_ApiKey_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"ApiKey"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ApiKeyUsage": {
        "dataType": "refObject",
        "properties": {
            "period": {"ref":"QuotaPeriod","required":true},
            "period_start": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "credits_used": {"dataType":"integer","required":true},
            "credit_limit": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "remaining": {"dataType":"union","subSchemas":[{"dataType":"integer"},{"dataType":"enum","enums":[null]}],"required":true},
            "resets_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ApiKeyWithUsage": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["api_key"],"required":true},
            "name": {"dataType":"string","required":true},
            "livemode": {"dataType":"boolean","required":true},
            "redacted_key": {"dataType":"string","required":true},
            "scopes": {"dataType":"array","array":{"dataType":"refAlias","ref":"ApiKeyScope"},"required":true},
            "credit_limit": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "credit_limit_period": {"dataType":"union","subSchemas":[{"ref":"QuotaPeriod"},{"dataType":"enum","enums":[null]}],"required":true},
            "credit_used": {"dataType":"union","subSchemas":[{"dataType":"double"},{"dataType":"enum","enums":[null]}],"required":true},
            "last_used_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "revoked": {"dataType":"boolean","required":true},
            "revoked_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "created_at": {"dataType":"string","required":true},
            "usage": {"ref":"ApiKeyUsage","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "AutoTopUp": {
        "dataType": "refObject",
        "properties": {
            "threshold": {"dataType":"double","required":true},
            "pack": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Account": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "object": {"dataType":"enum","enums":["account"],"required":true},
            "name": {"dataType":"string","required":true},
            "email": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "plan": {"dataType":"string","required":true},
            "balance": {"dataType":"double","required":true},
            "restricted": {"dataType":"boolean","required":true},
            "auto_top_up": {"dataType":"union","subSchemas":[{"ref":"AutoTopUp"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixClip": {
        "dataType": "refObject",
        "properties": {
            "file_id": {"dataType":"string","required":true,"validators":{"pattern":{"value":"^file_[0-9a-z]+$"}}},
            "group": {"dataType":"string","validators":{"minLength":{"value":1},"maxLength":{"value":64}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixOrder": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["shuffle"]},{"dataType":"enum","enums":["fixed"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixGroupMode": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["sequential"]},{"dataType":"enum","enums":["random"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixSpeed": {
        "dataType": "refObject",
        "properties": {
            "min": {"dataType":"double","required":true,"validators":{"minimum":{"value":0.5},"maximum":{"value":2}}},
            "max": {"dataType":"double","required":true,"validators":{"minimum":{"value":0.5},"maximum":{"value":2}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixOriginalDuration": {
        "dataType": "refObject",
        "properties": {
            "mode": {"dataType":"enum","enums":["original"],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixDistribution": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["equal"]},{"dataType":"enum","enums":["proportional"]},{"dataType":"enum","enums":["weighted"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixFixedDuration": {
        "dataType": "refObject",
        "properties": {
            "mode": {"dataType":"enum","enums":["fixed"],"required":true},
            "seconds": {"dataType":"double","required":true,"validators":{"minimum":{"value":5},"maximum":{"value":600}}},
            "distribution": {"ref":"VideoMixDistribution"},
            "weights": {"dataType":"array","array":{"dataType":"double"},"validators":{"minItems":{"value":2},"maxItems":{"value":100}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixDuration": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"ref":"VideoMixOriginalDuration"},{"ref":"VideoMixFixedDuration"}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixAspectRatio": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["9:16"]},{"dataType":"enum","enums":["16:9"]},{"dataType":"enum","enums":["1:1"]},{"dataType":"enum","enums":["4:5"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixResolution": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["480p"]},{"dataType":"enum","enums":["720p"]},{"dataType":"enum","enums":["1080p"]},{"dataType":"enum","enums":["2160p"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixFps": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":[24]},{"dataType":"enum","enums":[30]},{"dataType":"enum","enums":[60]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixQuality": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["low"]},{"dataType":"enum","enums":["medium"]},{"dataType":"enum","enums":["high"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixAudio": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["keep"]},{"dataType":"enum","enums":["mute"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMixFit": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["contain"]},{"dataType":"enum","enums":["cover"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateVideoMixRequest": {
        "dataType": "refObject",
        "properties": {
            "clips": {"dataType":"array","array":{"dataType":"refObject","ref":"VideoMixClip"},"required":true,"validators":{"minItems":{"value":2},"maxItems":{"value":100}}},
            "variants": {"dataType":"integer","validators":{"minimum":{"value":1},"maximum":{"value":500}}},
            "order": {"ref":"VideoMixOrder"},
            "different_start": {"dataType":"boolean"},
            "group_mode": {"ref":"VideoMixGroupMode"},
            "speed": {"ref":"VideoMixSpeed"},
            "seed": {"dataType":"integer","validators":{"minimum":{"value":0},"maximum":{"value":2147483647}}},
            "duration": {"ref":"VideoMixDuration"},
            "clips_per_variant": {"dataType":"integer","validators":{"minimum":{"value":1},"maximum":{"value":100}}},
            "aspect_ratio": {"ref":"VideoMixAspectRatio"},
            "resolution": {"ref":"VideoMixResolution"},
            "fps": {"ref":"VideoMixFps"},
            "quality": {"ref":"VideoMixQuality"},
            "audio": {"ref":"VideoMixAudio"},
            "fit": {"ref":"VideoMixFit"},
            "zip": {"dataType":"boolean"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "VideoMix": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "status": {"ref":"JobStatus","required":true},
            "progress": {"ref":"JobProgress","required":true},
            "outputs": {"dataType":"array","array":{"dataType":"refObject","ref":"JobOutput"},"required":true},
            "credits": {"ref":"JobCredits","required":true},
            "error": {"dataType":"union","subSchemas":[{"ref":"JobErrorInfo"},{"dataType":"enum","enums":[null]}],"required":true},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"},"required":true},
            "external_id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
            "started_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "finished_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "expires_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "object": {"dataType":"enum","enums":["video_mix"],"required":true},
            "input": {"ref":"CreateVideoMixRequest","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "JobQuote": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["quote"],"required":true},
            "product": {"dataType":"string","required":true},
            "unit": {"dataType":"string","required":true},
            "quantity": {"dataType":"double","required":true},
            "unit_price": {"dataType":"double","required":true},
            "total": {"dataType":"double","required":true},
            "lines": {"dataType":"array","array":{"dataType":"nestedObjectLiteral","nestedProperties":{"amount":{"dataType":"double","required":true},"description":{"dataType":"string","required":true}}},"required":true},
            "free": {"dataType":"boolean","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateVideoMixRequestBody": {
        "dataType": "refObject",
        "properties": {
            "external_id": {"dataType":"string","validators":{"maxLength":{"value":200}}},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"}},
            "webhook_url": {"dataType":"string","validators":{"maxLength":{"value":2048}}},
            "webhook_events": {"dataType":"array","array":{"dataType":"string"}},
            "clips": {"dataType":"array","array":{"dataType":"refObject","ref":"VideoMixClip"},"required":true,"validators":{"minItems":{"value":2},"maxItems":{"value":100}}},
            "variants": {"dataType":"integer","validators":{"minimum":{"value":1},"maximum":{"value":500}}},
            "order": {"ref":"VideoMixOrder"},
            "different_start": {"dataType":"boolean"},
            "group_mode": {"ref":"VideoMixGroupMode"},
            "speed": {"ref":"VideoMixSpeed"},
            "seed": {"dataType":"integer","validators":{"minimum":{"value":0},"maximum":{"value":2147483647}}},
            "duration": {"ref":"VideoMixDuration"},
            "clips_per_variant": {"dataType":"integer","validators":{"minimum":{"value":1},"maximum":{"value":100}}},
            "aspect_ratio": {"ref":"VideoMixAspectRatio"},
            "resolution": {"ref":"VideoMixResolution"},
            "fps": {"ref":"VideoMixFps"},
            "quality": {"ref":"VideoMixQuality"},
            "audio": {"ref":"VideoMixAudio"},
            "fit": {"ref":"VideoMixFit"},
            "zip": {"dataType":"boolean"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_VideoMix_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"VideoMix"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ReformatAspectRatio": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["9:16"]},{"dataType":"enum","enums":["1:1"]},{"dataType":"enum","enums":["4:5"]},{"dataType":"enum","enums":["16:9"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ReformatFit": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["crop"]},{"dataType":"enum","enums":["blur_fill"]},{"dataType":"enum","enums":["pad"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ReformatAnchor": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["centre"]},{"dataType":"enum","enums":["top"]},{"dataType":"enum","enums":["bottom"]},{"dataType":"enum","enums":["smart"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ReformatColor": {
        "dataType": "refAlias",
        "type": {"dataType":"string","validators":{"pattern":{"value":"^#[0-9A-Fa-f]{6}$"}}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ReformatTarget": {
        "dataType": "refObject",
        "properties": {
            "aspect_ratio": {"ref":"ReformatAspectRatio"},
            "width": {"dataType":"integer","validators":{"minimum":{"value":16},"maximum":{"value":4096}}},
            "height": {"dataType":"integer","validators":{"minimum":{"value":16},"maximum":{"value":4096}}},
            "fit": {"ref":"ReformatFit"},
            "anchor": {"ref":"ReformatAnchor"},
            "color": {"ref":"ReformatColor"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "ReformatImageFormat": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["jpeg"]},{"dataType":"enum","enums":["png"]},{"dataType":"enum","enums":["webp"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateReformatRequest": {
        "dataType": "refObject",
        "properties": {
            "file_id": {"dataType":"string","required":true,"validators":{"pattern":{"value":"^file_[0-9a-z]+$"}}},
            "targets": {"dataType":"array","array":{"dataType":"refObject","ref":"ReformatTarget"},"required":true,"validators":{"minItems":{"value":1},"maxItems":{"value":10}}},
            "image_format": {"ref":"ReformatImageFormat"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Reformat": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "status": {"ref":"JobStatus","required":true},
            "progress": {"ref":"JobProgress","required":true},
            "outputs": {"dataType":"array","array":{"dataType":"refObject","ref":"JobOutput"},"required":true},
            "credits": {"ref":"JobCredits","required":true},
            "error": {"dataType":"union","subSchemas":[{"ref":"JobErrorInfo"},{"dataType":"enum","enums":[null]}],"required":true},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"},"required":true},
            "external_id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
            "started_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "finished_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "expires_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "object": {"dataType":"enum","enums":["reformat"],"required":true},
            "input": {"ref":"CreateReformatRequest","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateReformatRequestBody": {
        "dataType": "refObject",
        "properties": {
            "external_id": {"dataType":"string","validators":{"maxLength":{"value":200}}},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"}},
            "webhook_url": {"dataType":"string","validators":{"maxLength":{"value":2048}}},
            "webhook_events": {"dataType":"array","array":{"dataType":"string"}},
            "file_id": {"dataType":"string","required":true,"validators":{"pattern":{"value":"^file_[0-9a-z]+$"}}},
            "targets": {"dataType":"array","array":{"dataType":"refObject","ref":"ReformatTarget"},"required":true,"validators":{"minItems":{"value":1},"maxItems":{"value":10}}},
            "image_format": {"ref":"ReformatImageFormat"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Reformat_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Reformat"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreatePoseGenerationRequestBody": {
        "dataType": "refObject",
        "properties": {
            "external_id": {"dataType":"string","validators":{"maxLength":{"value":200}}},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"}},
            "webhook_url": {"dataType":"string","validators":{"maxLength":{"value":2048}}},
            "webhook_events": {"dataType":"array","array":{"dataType":"string"}},
            "avatar_id": {"dataType":"string"},
            "image": {"dataType":"string","validators":{"pattern":{"value":"^file_[0-9a-z]{26}$"}}},
            "poses": {"dataType":"array","array":{"dataType":"string"},"validators":{"minItems":{"value":1},"maxItems":{"value":50}}},
            "prompt": {"dataType":"string","validators":{"maxLength":{"value":10000}}},
            "negative_prompt": {"dataType":"string","validators":{"maxLength":{"value":10000}}},
            "variations": {"dataType":"integer","validators":{"minimum":{"value":1},"maximum":{"value":10}}},
            "background": {"ref":"PoseBackground"},
            "background_color": {"dataType":"string","validators":{"pattern":{"value":"^#[0-9A-Fa-f]{6}$"}}},
            "background_prompt": {"dataType":"string","validators":{"maxLength":{"value":10000}}},
            "background_image": {"dataType":"string","validators":{"pattern":{"value":"^file_[0-9a-z]{26}$"}}},
            "export_formats": {"dataType":"array","array":{"dataType":"refAlias","ref":"ExportFormat"},"validators":{"minItems":{"value":1},"maxItems":{"value":11}}},
            "model": {"dataType":"string"},
            "width": {"dataType":"integer"},
            "height": {"dataType":"integer"},
            "seed": {"dataType":"integer","validators":{"minimum":{"value":0},"maximum":{"value":2147483647}}},
            "strength": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":1}}},
            "output_format": {"ref":"PoseOutputFormat"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_PoseGeneration_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"PoseGeneration"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "LoopStyle": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["simple"]},{"dataType":"enum","enums":["crossfade"]},{"dataType":"enum","enums":["boomerang"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "LoopOriginalAudio": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["keep"]},{"dataType":"enum","enums":["mute"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "LoopAudio": {
        "dataType": "refObject",
        "properties": {
            "original": {"ref":"LoopOriginalAudio"},
            "volume": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":100}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "LoopAudioLayer": {
        "dataType": "refObject",
        "properties": {
            "file_id": {"dataType":"string","required":true,"validators":{"pattern":{"value":"^file_[0-9a-z]+$"}}},
            "volume": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":100}}},
            "fade_in_seconds": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":600}}},
            "fade_out_seconds": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":600}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "LoopResolution": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["source"]},{"dataType":"enum","enums":["720p"]},{"dataType":"enum","enums":["1080p"]},{"dataType":"enum","enums":["2160p"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateLoopRequest": {
        "dataType": "refObject",
        "properties": {
            "file_id": {"dataType":"string","required":true,"validators":{"pattern":{"value":"^file_[0-9a-z]+$"}}},
            "duration_seconds": {"dataType":"double","required":true,"validators":{"minimum":{"value":1},"maximum":{"value":43200}}},
            "style": {"ref":"LoopStyle"},
            "crossfade_seconds": {"dataType":"double","validators":{"minimum":{"value":0.1},"maximum":{"value":5}}},
            "audio": {"ref":"LoopAudio"},
            "audio_layers": {"dataType":"array","array":{"dataType":"refObject","ref":"LoopAudioLayer"},"validators":{"maxItems":{"value":5}}},
            "master_volume": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":100}}},
            "fade_in_seconds": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":600}}},
            "fade_out_seconds": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":600}}},
            "resolution": {"ref":"LoopResolution"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Loop": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "status": {"ref":"JobStatus","required":true},
            "progress": {"ref":"JobProgress","required":true},
            "outputs": {"dataType":"array","array":{"dataType":"refObject","ref":"JobOutput"},"required":true},
            "credits": {"ref":"JobCredits","required":true},
            "error": {"dataType":"union","subSchemas":[{"ref":"JobErrorInfo"},{"dataType":"enum","enums":[null]}],"required":true},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"},"required":true},
            "external_id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
            "started_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "finished_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "expires_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "object": {"dataType":"enum","enums":["loop"],"required":true},
            "input": {"ref":"CreateLoopRequest","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateLoopRequestBody": {
        "dataType": "refObject",
        "properties": {
            "external_id": {"dataType":"string","validators":{"maxLength":{"value":200}}},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"}},
            "webhook_url": {"dataType":"string","validators":{"maxLength":{"value":2048}}},
            "webhook_events": {"dataType":"array","array":{"dataType":"string"}},
            "file_id": {"dataType":"string","required":true,"validators":{"pattern":{"value":"^file_[0-9a-z]+$"}}},
            "duration_seconds": {"dataType":"double","required":true,"validators":{"minimum":{"value":1},"maximum":{"value":43200}}},
            "style": {"ref":"LoopStyle"},
            "crossfade_seconds": {"dataType":"double","validators":{"minimum":{"value":0.1},"maximum":{"value":5}}},
            "audio": {"ref":"LoopAudio"},
            "audio_layers": {"dataType":"array","array":{"dataType":"refObject","ref":"LoopAudioLayer"},"validators":{"maxItems":{"value":5}}},
            "master_volume": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":100}}},
            "fade_in_seconds": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":600}}},
            "fade_out_seconds": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":600}}},
            "resolution": {"ref":"LoopResolution"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Loop_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Loop"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CarouselImageFileId": {
        "dataType": "refAlias",
        "type": {"dataType":"string","validators":{"pattern":{"value":"^file_[0-9a-z]{26}$"}}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CarouselText": {
        "dataType": "refAlias",
        "type": {"dataType":"string","validators":{"minLength":{"value":1},"maxLength":{"value":500}}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CarouselFontFamily": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["dejavu_sans"]},{"dataType":"enum","enums":["dejavu_sans_condensed"]},{"dataType":"enum","enums":["dejavu_serif"]},{"dataType":"enum","enums":["dejavu_serif_condensed"]},{"dataType":"enum","enums":["dejavu_sans_mono"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CarouselFontWeight": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["normal"]},{"dataType":"enum","enums":["bold"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "HexColor": {
        "dataType": "refAlias",
        "type": {"dataType":"string","validators":{"pattern":{"value":"^#[0-9A-Fa-f]{6}$"}}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CarouselTextAlign": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["left"]},{"dataType":"enum","enums":["center"]},{"dataType":"enum","enums":["right"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CarouselTextStyle": {
        "dataType": "refObject",
        "properties": {
            "font_family": {"ref":"CarouselFontFamily"},
            "size_percent": {"dataType":"double","validators":{"minimum":{"value":1},"maximum":{"value":20}}},
            "weight": {"ref":"CarouselFontWeight"},
            "color": {"ref":"HexColor"},
            "background_color": {"ref":"HexColor"},
            "background_opacity": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":1}}},
            "align": {"ref":"CarouselTextAlign"},
            "x_percent": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":100}}},
            "y_percent": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":100}}},
            "max_width_percent": {"dataType":"double","validators":{"minimum":{"value":10},"maximum":{"value":100}}},
            "shadow": {"dataType":"boolean"},
            "outline": {"dataType":"boolean"},
            "outline_color": {"ref":"HexColor"},
            "padding_percent": {"dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":20}}},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CarouselSlide": {
        "dataType": "refObject",
        "properties": {
            "images": {"dataType":"array","array":{"dataType":"refAlias","ref":"CarouselImageFileId"},"required":true,"validators":{"minItems":{"value":1},"maxItems":{"value":8}}},
            "texts": {"dataType":"array","array":{"dataType":"refAlias","ref":"CarouselText"},"validators":{"maxItems":{"value":20}}},
            "text_style": {"ref":"CarouselTextStyle"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CarouselSelection": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["round_robin"]},{"dataType":"enum","enums":["random"]},{"dataType":"enum","enums":["unique"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CarouselAspectRatio": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["1:1"]},{"dataType":"enum","enums":["4:5"]},{"dataType":"enum","enums":["9:16"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CarouselFormat": {
        "dataType": "refAlias",
        "type": {"dataType":"union","subSchemas":[{"dataType":"enum","enums":["jpeg"]},{"dataType":"enum","enums":["png"]},{"dataType":"enum","enums":["webp"]}],"validators":{}},
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateCarouselRequest": {
        "dataType": "refObject",
        "properties": {
            "slides": {"dataType":"array","array":{"dataType":"refObject","ref":"CarouselSlide"},"required":true,"validators":{"minItems":{"value":2},"maxItems":{"value":10}}},
            "text_style": {"ref":"CarouselTextStyle"},
            "sets": {"dataType":"integer","required":true,"validators":{"minimum":{"value":1},"maximum":{"value":100}}},
            "selection": {"ref":"CarouselSelection"},
            "seed": {"dataType":"integer","validators":{"minimum":{"value":0},"maximum":{"value":2147483647}}},
            "aspect_ratio": {"ref":"CarouselAspectRatio"},
            "format": {"ref":"CarouselFormat"},
            "zip": {"dataType":"boolean"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "Carousel": {
        "dataType": "refObject",
        "properties": {
            "id": {"dataType":"string","required":true},
            "status": {"ref":"JobStatus","required":true},
            "progress": {"ref":"JobProgress","required":true},
            "outputs": {"dataType":"array","array":{"dataType":"refObject","ref":"JobOutput"},"required":true},
            "credits": {"ref":"JobCredits","required":true},
            "error": {"dataType":"union","subSchemas":[{"ref":"JobErrorInfo"},{"dataType":"enum","enums":[null]}],"required":true},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"},"required":true},
            "external_id": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "livemode": {"dataType":"boolean","required":true},
            "created_at": {"dataType":"string","required":true},
            "started_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "finished_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "expires_at": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
            "object": {"dataType":"enum","enums":["carousel"],"required":true},
            "input": {"ref":"CreateCarouselRequest","required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateCarouselRequestBody": {
        "dataType": "refObject",
        "properties": {
            "external_id": {"dataType":"string","validators":{"maxLength":{"value":200}}},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"}},
            "webhook_url": {"dataType":"string","validators":{"maxLength":{"value":2048}}},
            "webhook_events": {"dataType":"array","array":{"dataType":"string"}},
            "slides": {"dataType":"array","array":{"dataType":"refObject","ref":"CarouselSlide"},"required":true,"validators":{"minItems":{"value":2},"maxItems":{"value":10}}},
            "text_style": {"ref":"CarouselTextStyle"},
            "sets": {"dataType":"integer","required":true,"validators":{"minimum":{"value":1},"maximum":{"value":100}}},
            "selection": {"ref":"CarouselSelection"},
            "seed": {"dataType":"integer","validators":{"minimum":{"value":0},"maximum":{"value":2147483647}}},
            "aspect_ratio": {"ref":"CarouselAspectRatio"},
            "format": {"ref":"CarouselFormat"},
            "zip": {"dataType":"boolean"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Carousel_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Carousel"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "CreateAvatarRequestBody": {
        "dataType": "refObject",
        "properties": {
            "external_id": {"dataType":"string","validators":{"maxLength":{"value":200}}},
            "metadata": {"dataType":"nestedObjectLiteral","nestedProperties":{},"additionalProperties":{"dataType":"string"}},
            "webhook_url": {"dataType":"string","validators":{"maxLength":{"value":2048}}},
            "webhook_events": {"dataType":"array","array":{"dataType":"string"}},
            "from": {"ref":"AvatarSource","required":true},
            "name": {"dataType":"string","required":true,"validators":{"minLength":{"value":1},"maxLength":{"value":100}}},
            "persona": {"ref":"AvatarPersona"},
            "prompt": {"dataType":"string","validators":{"maxLength":{"value":10000}}},
            "negative_prompt": {"dataType":"string","validators":{"maxLength":{"value":10000}}},
            "model": {"dataType":"string"},
            "width": {"dataType":"integer"},
            "height": {"dataType":"integer"},
            "seed": {"dataType":"integer","validators":{"minimum":{"value":0},"maximum":{"value":2147483647}}},
            "file_id": {"dataType":"string","validators":{"pattern":{"value":"^file_[0-9a-z]{26}$"}}},
            "preset": {"dataType":"string"},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
    "List_Avatar_": {
        "dataType": "refObject",
        "properties": {
            "object": {"dataType":"enum","enums":["list"],"required":true},
            "data": {"dataType":"array","array":{"dataType":"refObject","ref":"Avatar"},"required":true},
            "has_more": {"dataType":"boolean","required":true},
            "next_cursor": {"dataType":"union","subSchemas":[{"dataType":"string"},{"dataType":"enum","enums":[null]}],"required":true},
        },
        "additionalProperties": false,
    },
    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
};
const templateService = new ExpressTemplateService(models, {"noImplicitAdditionalProperties":"throw-on-extras","bodyCoercion":false});

// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa




export function RegisterRoutes(app: Router) {

    // ###########################################################################################################
    //  NOTE: If you do not see routes for all of your controllers in this file, then you might not have informed tsoa of where to look
    //      Please look into the "controllerPathGlobs" config option described in the readme: https://github.com/lukeautry/tsoa
    // ###########################################################################################################


    
        const argsWebhookSecretController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
        };
        app.get('/v1/webhook_secret',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(WebhookSecretController)),
            ...(fetchMiddlewares<RequestHandler>(WebhookSecretController.prototype.retrieve)),

            async function WebhookSecretController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsWebhookSecretController_retrieve, request, response });

                const controller = new WebhookSecretController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsWebhookEndpointsController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CreateWebhookEndpointRequest"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/webhook_endpoints',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController)),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController.prototype.create)),

            async function WebhookEndpointsController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsWebhookEndpointsController_create, request, response });

                const controller = new WebhookEndpointsController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsWebhookEndpointsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
        };
        app.get('/v1/webhook_endpoints',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController)),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController.prototype.list)),

            async function WebhookEndpointsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsWebhookEndpointsController_list, request, response });

                const controller = new WebhookEndpointsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsWebhookEndpointsController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.get('/v1/webhook_endpoints/:id',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController)),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController.prototype.retrieve)),

            async function WebhookEndpointsController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsWebhookEndpointsController_retrieve, request, response });

                const controller = new WebhookEndpointsController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsWebhookEndpointsController_update: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                body: {"in":"body","name":"body","required":true,"ref":"UpdateWebhookEndpointRequest"},
        };
        app.patch('/v1/webhook_endpoints/:id',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController)),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController.prototype.update)),

            async function WebhookEndpointsController_update(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsWebhookEndpointsController_update, request, response });

                const controller = new WebhookEndpointsController();

              await templateService.apiHandler({
                methodName: 'update',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsWebhookEndpointsController_delete: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.delete('/v1/webhook_endpoints/:id',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController)),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController.prototype.delete)),

            async function WebhookEndpointsController_delete(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsWebhookEndpointsController_delete, request, response });

                const controller = new WebhookEndpointsController();

              await templateService.apiHandler({
                methodName: 'delete',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsWebhookEndpointsController_rotateSecret: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/webhook_endpoints/:id/rotate_secret',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController)),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController.prototype.rotateSecret)),

            async function WebhookEndpointsController_rotateSecret(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsWebhookEndpointsController_rotateSecret, request, response });

                const controller = new WebhookEndpointsController();

              await templateService.apiHandler({
                methodName: 'rotateSecret',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsWebhookEndpointsController_deliveries: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                event_id: {"in":"query","name":"event_id","dataType":"string"},
        };
        app.get('/v1/webhook_endpoints/:id/deliveries',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController)),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController.prototype.deliveries)),

            async function WebhookEndpointsController_deliveries(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsWebhookEndpointsController_deliveries, request, response });

                const controller = new WebhookEndpointsController();

              await templateService.apiHandler({
                methodName: 'deliveries',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsWebhookEndpointsController_recover: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                since: {"in":"query","name":"since","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/webhook_endpoints/:id/recover',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController)),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController.prototype.recover)),

            async function WebhookEndpointsController_recover(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsWebhookEndpointsController_recover, request, response });

                const controller = new WebhookEndpointsController();

              await templateService.apiHandler({
                methodName: 'recover',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsWebhookEndpointsController_sendTestEvent: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/webhook_endpoints/:id/send_test_event',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController)),
            ...(fetchMiddlewares<RequestHandler>(WebhookEndpointsController.prototype.sendTestEvent)),

            async function WebhookEndpointsController_sendTestEvent(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsWebhookEndpointsController_sendTestEvent, request, response });

                const controller = new WebhookEndpointsController();

              await templateService.apiHandler({
                methodName: 'sendTestEvent',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 202,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsUsageController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                from: {"in":"query","name":"from","dataType":"string"},
                to: {"in":"query","name":"to","dataType":"string"},
                granularity: {"in":"query","name":"granularity","ref":"UsageGranularity"},
                group_by: {"in":"query","name":"group_by","ref":"UsageGroupBy"},
                api_key: {"in":"query","name":"api_key","dataType":"string"},
        };
        app.get('/v1/usage',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(UsageController)),
            ...(fetchMiddlewares<RequestHandler>(UsageController.prototype.retrieve)),

            async function UsageController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsUsageController_retrieve, request, response });

                const controller = new UsageController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsSubscriptionController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
        };
        app.get('/v1/subscription',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(SubscriptionController)),
            ...(fetchMiddlewares<RequestHandler>(SubscriptionController.prototype.retrieve)),

            async function SubscriptionController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsSubscriptionController_retrieve, request, response });

                const controller = new SubscriptionController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPricesController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
        };
        app.get('/v1/prices',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(PricesController)),
            ...(fetchMiddlewares<RequestHandler>(PricesController.prototype.list)),

            async function PricesController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPricesController_list, request, response });

                const controller = new PricesController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPosesController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                category: {"in":"query","name":"category","dataType":"string"},
                q: {"in":"query","name":"q","dataType":"string"},
                tags: {"in":"query","name":"tags","dataType":"string"},
                difficulty: {"in":"query","name":"difficulty","dataType":"union","subSchemas":[{"dataType":"enum","enums":["easy"]},{"dataType":"enum","enums":["medium"]},{"dataType":"enum","enums":["hard"]}]},
                suitability: {"in":"query","name":"suitability","dataType":"string"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
        };
        app.get('/v1/poses',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(PosesController)),
            ...(fetchMiddlewares<RequestHandler>(PosesController.prototype.list)),

            async function PosesController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPosesController_list, request, response });

                const controller = new PosesController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPosesController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.get('/v1/poses/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(PosesController)),
            ...(fetchMiddlewares<RequestHandler>(PosesController.prototype.retrieve)),

            async function PosesController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPosesController_retrieve, request, response });

                const controller = new PosesController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPosesController_preview: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                width: {"in":"query","name":"width","dataType":"integer","validators":{"isInt":{"errorMsg":"width"},"minimum":{"value":64},"maximum":{"value":2048}}},
        };
        app.get('/v1/poses/:id/preview',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(PosesController)),
            ...(fetchMiddlewares<RequestHandler>(PosesController.prototype.preview)),

            async function PosesController_preview(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPosesController_preview, request, response });

                const controller = new PosesController();

              await templateService.apiHandler({
                methodName: 'preview',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 200,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPoseCategoriesController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
        };
        app.get('/v1/pose_categories',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(PoseCategoriesController)),
            ...(fetchMiddlewares<RequestHandler>(PoseCategoriesController.prototype.list)),

            async function PoseCategoriesController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPoseCategoriesController_list, request, response });

                const controller = new PoseCategoriesController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPlansController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
        };
        app.get('/v1/plans',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(PlansController)),
            ...(fetchMiddlewares<RequestHandler>(PlansController.prototype.list)),

            async function PlansController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPlansController_list, request, response });

                const controller = new PlansController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPaymentsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
        };
        app.get('/v1/payments',
            authenticateMiddleware([{"api_key":["billing"]}]),
            ...(fetchMiddlewares<RequestHandler>(PaymentsController)),
            ...(fetchMiddlewares<RequestHandler>(PaymentsController.prototype.list)),

            async function PaymentsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPaymentsController_list, request, response });

                const controller = new PaymentsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsOrganizationController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
        };
        app.get('/v1/organization',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(OrganizationController)),
            ...(fetchMiddlewares<RequestHandler>(OrganizationController.prototype.retrieve)),

            async function OrganizationController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsOrganizationController_retrieve, request, response });

                const controller = new OrganizationController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsOrganizationController_update: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"UpdateOrganizationRequest"},
        };
        app.patch('/v1/organization',
            authenticateMiddleware([{"api_key":["organization:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(OrganizationController)),
            ...(fetchMiddlewares<RequestHandler>(OrganizationController.prototype.update)),

            async function OrganizationController_update(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsOrganizationController_update, request, response });

                const controller = new OrganizationController();

              await templateService.apiHandler({
                methodName: 'update',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsModelsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                app: {"in":"query","name":"app","dataType":"union","subSchemas":[{"dataType":"enum","enums":["avatar"]},{"dataType":"enum","enums":["pose_generation"]}]},
        };
        app.get('/v1/models',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(ModelsController)),
            ...(fetchMiddlewares<RequestHandler>(ModelsController.prototype.list)),

            async function ModelsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsModelsController_list, request, response });

                const controller = new ModelsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsMembersController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
        };
        app.get('/v1/members',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(MembersController)),
            ...(fetchMiddlewares<RequestHandler>(MembersController.prototype.list)),

            async function MembersController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsMembersController_list, request, response });

                const controller = new MembersController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsMembersController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.get('/v1/members/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(MembersController)),
            ...(fetchMiddlewares<RequestHandler>(MembersController.prototype.retrieve)),

            async function MembersController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsMembersController_retrieve, request, response });

                const controller = new MembersController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsMembersController_update: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                body: {"in":"body","name":"body","required":true,"ref":"UpdateMemberRequest"},
        };
        app.patch('/v1/members/:id',
            authenticateMiddleware([{"api_key":["members:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(MembersController)),
            ...(fetchMiddlewares<RequestHandler>(MembersController.prototype.update)),

            async function MembersController_update(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsMembersController_update, request, response });

                const controller = new MembersController();

              await templateService.apiHandler({
                methodName: 'update',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsMembersController_remove: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.delete('/v1/members/:id',
            authenticateMiddleware([{"api_key":["members:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(MembersController)),
            ...(fetchMiddlewares<RequestHandler>(MembersController.prototype.remove)),

            async function MembersController_remove(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsMembersController_remove, request, response });

                const controller = new MembersController();

              await templateService.apiHandler({
                methodName: 'remove',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsJobsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                app: {"in":"query","name":"app","ref":"AppName"},
                status: {"in":"query","name":"status","ref":"JobStatus"},
                external_id: {"in":"query","name":"external_id","dataType":"string"},
        };
        app.get('/v1/jobs',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(JobsController)),
            ...(fetchMiddlewares<RequestHandler>(JobsController.prototype.list)),

            async function JobsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsJobsController_list, request, response });

                const controller = new JobsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsJobsController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                wait: {"in":"query","name":"wait","dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":60}}},
        };
        app.get('/v1/jobs/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(JobsController)),
            ...(fetchMiddlewares<RequestHandler>(JobsController.prototype.retrieve)),

            async function JobsController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsJobsController_retrieve, request, response });

                const controller = new JobsController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsJobsController_events: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                lastEventId: {"in":"header","name":"Last-Event-ID","dataType":"string"},
        };
        app.get('/v1/jobs/:id/events',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(JobsController)),
            ...(fetchMiddlewares<RequestHandler>(JobsController.prototype.events)),

            async function JobsController_events(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsJobsController_events, request, response });

                const controller = new JobsController();

              await templateService.apiHandler({
                methodName: 'events',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsInvitationsController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CreateInvitationRequest"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/invitations',
            authenticateMiddleware([{"api_key":["members:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(InvitationsController)),
            ...(fetchMiddlewares<RequestHandler>(InvitationsController.prototype.create)),

            async function InvitationsController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsInvitationsController_create, request, response });

                const controller = new InvitationsController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsInvitationsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
        };
        app.get('/v1/invitations',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(InvitationsController)),
            ...(fetchMiddlewares<RequestHandler>(InvitationsController.prototype.list)),

            async function InvitationsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsInvitationsController_list, request, response });

                const controller = new InvitationsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsInvitationsController_revoke: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.delete('/v1/invitations/:id',
            authenticateMiddleware([{"api_key":["members:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(InvitationsController)),
            ...(fetchMiddlewares<RequestHandler>(InvitationsController.prototype.revoke)),

            async function InvitationsController_revoke(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsInvitationsController_revoke, request, response });

                const controller = new InvitationsController();

              await templateService.apiHandler({
                methodName: 'revoke',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsFilesController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","ref":"ImportFileRequest"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/files',
            authenticateMiddleware([{"api_key":["files:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(FilesController)),
            ...(fetchMiddlewares<RequestHandler>(FilesController.prototype.create)),

            async function FilesController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsFilesController_create, request, response });

                const controller = new FilesController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsFilesController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
        };
        app.get('/v1/files',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(FilesController)),
            ...(fetchMiddlewares<RequestHandler>(FilesController.prototype.list)),

            async function FilesController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsFilesController_list, request, response });

                const controller = new FilesController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsFilesController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.get('/v1/files/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(FilesController)),
            ...(fetchMiddlewares<RequestHandler>(FilesController.prototype.retrieve)),

            async function FilesController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsFilesController_retrieve, request, response });

                const controller = new FilesController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsFilesController_content: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                range: {"in":"header","name":"Range","dataType":"string"},
        };
        app.get('/v1/files/:id/content',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(FilesController)),
            ...(fetchMiddlewares<RequestHandler>(FilesController.prototype.content)),

            async function FilesController_content(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsFilesController_content, request, response });

                const controller = new FilesController();

              await templateService.apiHandler({
                methodName: 'content',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 200,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsFilesController_delete: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.delete('/v1/files/:id',
            authenticateMiddleware([{"api_key":["files:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(FilesController)),
            ...(fetchMiddlewares<RequestHandler>(FilesController.prototype.delete)),

            async function FilesController_delete(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsFilesController_delete, request, response });

                const controller = new FilesController();

              await templateService.apiHandler({
                methodName: 'delete',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsFileUploadsController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CreateFileUploadRequest"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/files/uploads',
            authenticateMiddleware([{"api_key":["files:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(FileUploadsController)),
            ...(fetchMiddlewares<RequestHandler>(FileUploadsController.prototype.create)),

            async function FileUploadsController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsFileUploadsController_create, request, response });

                const controller = new FileUploadsController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsFileUploadsController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.get('/v1/files/uploads/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(FileUploadsController)),
            ...(fetchMiddlewares<RequestHandler>(FileUploadsController.prototype.retrieve)),

            async function FileUploadsController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsFileUploadsController_retrieve, request, response });

                const controller = new FileUploadsController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsFileUploadsController_complete: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                body: {"in":"body","name":"body","required":true,"ref":"CompleteFileUploadRequest"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/files/uploads/:id/complete',
            authenticateMiddleware([{"api_key":["files:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(FileUploadsController)),
            ...(fetchMiddlewares<RequestHandler>(FileUploadsController.prototype.complete)),

            async function FileUploadsController_complete(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsFileUploadsController_complete, request, response });

                const controller = new FileUploadsController();

              await templateService.apiHandler({
                methodName: 'complete',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsFileUploadsController_abort: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/files/uploads/:id/abort',
            authenticateMiddleware([{"api_key":["files:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(FileUploadsController)),
            ...(fetchMiddlewares<RequestHandler>(FileUploadsController.prototype.abort)),

            async function FileUploadsController_abort(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsFileUploadsController_abort, request, response });

                const controller = new FileUploadsController();

              await templateService.apiHandler({
                methodName: 'abort',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsEventsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                type: {"in":"query","name":"type","dataType":"string"},
                job_id: {"in":"query","name":"job_id","dataType":"string"},
        };
        app.get('/v1/events',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(EventsController)),
            ...(fetchMiddlewares<RequestHandler>(EventsController.prototype.list)),

            async function EventsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsEventsController_list, request, response });

                const controller = new EventsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsEventsController_stream: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                types: {"in":"query","name":"types","dataType":"string"},
                lastEventId: {"in":"header","name":"Last-Event-ID","dataType":"string"},
        };
        app.get('/v1/events/stream',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(EventsController)),
            ...(fetchMiddlewares<RequestHandler>(EventsController.prototype.stream)),

            async function EventsController_stream(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsEventsController_stream, request, response });

                const controller = new EventsController();

              await templateService.apiHandler({
                methodName: 'stream',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsEventsController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.get('/v1/events/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(EventsController)),
            ...(fetchMiddlewares<RequestHandler>(EventsController.prototype.retrieve)),

            async function EventsController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsEventsController_retrieve, request, response });

                const controller = new EventsController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsEventsController_resend: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/events/:id/resend',
            authenticateMiddleware([{"api_key":["webhooks:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(EventsController)),
            ...(fetchMiddlewares<RequestHandler>(EventsController.prototype.resend)),

            async function EventsController_resend(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsEventsController_resend, request, response });

                const controller = new EventsController();

              await templateService.apiHandler({
                methodName: 'resend',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCreditTransactionsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                type: {"in":"query","name":"type","ref":"CreditTransactionType"},
        };
        app.get('/v1/credit_transactions',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(CreditTransactionsController)),
            ...(fetchMiddlewares<RequestHandler>(CreditTransactionsController.prototype.list)),

            async function CreditTransactionsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCreditTransactionsController_list, request, response });

                const controller = new CreditTransactionsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCreditPacksController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
        };
        app.get('/v1/credit_packs',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(CreditPacksController)),
            ...(fetchMiddlewares<RequestHandler>(CreditPacksController.prototype.list)),

            async function CreditPacksController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCreditPacksController_list, request, response });

                const controller = new CreditPacksController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCheckoutSessionsController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CheckoutSessionRequest"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/checkout_sessions',
            authenticateMiddleware([{"api_key":["billing"]}]),
            ...(fetchMiddlewares<RequestHandler>(CheckoutSessionsController)),
            ...(fetchMiddlewares<RequestHandler>(CheckoutSessionsController.prototype.create)),

            async function CheckoutSessionsController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCheckoutSessionsController_create, request, response });

                const controller = new CheckoutSessionsController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsBillingController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"BillingPortalSessionRequest"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/billing_portal_sessions',
            authenticateMiddleware([{"api_key":["billing"]}]),
            ...(fetchMiddlewares<RequestHandler>(BillingController)),
            ...(fetchMiddlewares<RequestHandler>(BillingController.prototype.create)),

            async function BillingController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsBillingController_create, request, response });

                const controller = new BillingController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAvatarEditsController_update: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                body: {"in":"body","name":"body","required":true,"ref":"UpdateAvatarRequest"},
        };
        app.patch('/v1/avatars/:id',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(AvatarEditsController)),
            ...(fetchMiddlewares<RequestHandler>(AvatarEditsController.prototype.update)),

            async function AvatarEditsController_update(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAvatarEditsController_update, request, response });

                const controller = new AvatarEditsController();

              await templateService.apiHandler({
                methodName: 'update',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAvatarEditsController_delete: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.delete('/v1/avatars/:id',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(AvatarEditsController)),
            ...(fetchMiddlewares<RequestHandler>(AvatarEditsController.prototype.delete)),

            async function AvatarEditsController_delete(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAvatarEditsController_delete, request, response });

                const controller = new AvatarEditsController();

              await templateService.apiHandler({
                methodName: 'delete',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAvatarPresetsController_list: Record<string, TsoaRoute.ParameterSchema> = {
        };
        app.get('/v1/avatar_presets',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(AvatarPresetsController)),
            ...(fetchMiddlewares<RequestHandler>(AvatarPresetsController.prototype.list)),

            async function AvatarPresetsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAvatarPresetsController_list, request, response });

                const controller = new AvatarPresetsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAutoTopUpController_update: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"AutoTopUpRequest"},
        };
        app.put('/v1/auto_top_up',
            authenticateMiddleware([{"api_key":["billing"]}]),
            ...(fetchMiddlewares<RequestHandler>(AutoTopUpController)),
            ...(fetchMiddlewares<RequestHandler>(AutoTopUpController.prototype.update)),

            async function AutoTopUpController_update(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAutoTopUpController_update, request, response });

                const controller = new AutoTopUpController();

              await templateService.apiHandler({
                methodName: 'update',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAutoTopUpController_delete: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
        };
        app.delete('/v1/auto_top_up',
            authenticateMiddleware([{"api_key":["billing"]}]),
            ...(fetchMiddlewares<RequestHandler>(AutoTopUpController)),
            ...(fetchMiddlewares<RequestHandler>(AutoTopUpController.prototype.delete)),

            async function AutoTopUpController_delete(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAutoTopUpController_delete, request, response });

                const controller = new AutoTopUpController();

              await templateService.apiHandler({
                methodName: 'delete',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAuthController_signup: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"SignupRequest"},
        };
        app.post('/auth/signup',
            ...(fetchMiddlewares<RequestHandler>(AuthController)),
            ...(fetchMiddlewares<RequestHandler>(AuthController.prototype.signup)),

            async function AuthController_signup(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAuthController_signup, request, response });

                const controller = new AuthController();

              await templateService.apiHandler({
                methodName: 'signup',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 202,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAuthController_login: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"LoginRequest"},
        };
        app.post('/auth/login',
            ...(fetchMiddlewares<RequestHandler>(AuthController)),
            ...(fetchMiddlewares<RequestHandler>(AuthController.prototype.login)),

            async function AuthController_login(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAuthController_login, request, response });

                const controller = new AuthController();

              await templateService.apiHandler({
                methodName: 'login',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAuthController_session: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
        };
        app.get('/auth/session',
            authenticateMiddleware([{"session":[]}]),
            ...(fetchMiddlewares<RequestHandler>(AuthController)),
            ...(fetchMiddlewares<RequestHandler>(AuthController.prototype.session)),

            async function AuthController_session(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAuthController_session, request, response });

                const controller = new AuthController();

              await templateService.apiHandler({
                methodName: 'session',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAuthController_logout: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                everywhere: {"in":"query","name":"everywhere","dataType":"boolean"},
        };
        app.post('/auth/logout',
            authenticateMiddleware([{"session":[]}]),
            ...(fetchMiddlewares<RequestHandler>(AuthController)),
            ...(fetchMiddlewares<RequestHandler>(AuthController.prototype.logout)),

            async function AuthController_logout(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAuthController_logout, request, response });

                const controller = new AuthController();

              await templateService.apiHandler({
                methodName: 'logout',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAuthController_verifyEmail: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"TokenRequest"},
        };
        app.post('/auth/verify_email',
            ...(fetchMiddlewares<RequestHandler>(AuthController)),
            ...(fetchMiddlewares<RequestHandler>(AuthController.prototype.verifyEmail)),

            async function AuthController_verifyEmail(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAuthController_verifyEmail, request, response });

                const controller = new AuthController();

              await templateService.apiHandler({
                methodName: 'verifyEmail',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAuthController_passwordReset: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"PasswordResetRequest"},
        };
        app.post('/auth/password_reset',
            ...(fetchMiddlewares<RequestHandler>(AuthController)),
            ...(fetchMiddlewares<RequestHandler>(AuthController.prototype.passwordReset)),

            async function AuthController_passwordReset(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAuthController_passwordReset, request, response });

                const controller = new AuthController();

              await templateService.apiHandler({
                methodName: 'passwordReset',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 202,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAuthController_passwordResetConfirm: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"PasswordResetConfirmRequest"},
        };
        app.post('/auth/password_reset/confirm',
            ...(fetchMiddlewares<RequestHandler>(AuthController)),
            ...(fetchMiddlewares<RequestHandler>(AuthController.prototype.passwordResetConfirm)),

            async function AuthController_passwordResetConfirm(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAuthController_passwordResetConfirm, request, response });

                const controller = new AuthController();

              await templateService.apiHandler({
                methodName: 'passwordResetConfirm',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAuthController_acceptInvitation: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"AcceptInvitationRequest"},
        };
        app.post('/auth/invitations/accept',
            ...(fetchMiddlewares<RequestHandler>(AuthController)),
            ...(fetchMiddlewares<RequestHandler>(AuthController.prototype.acceptInvitation)),

            async function AuthController_acceptInvitation(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAuthController_acceptInvitation, request, response });

                const controller = new AuthController();

              await templateService.apiHandler({
                methodName: 'acceptInvitation',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAuditEventsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                action: {"in":"query","name":"action","ref":"AuditAction"},
                actor: {"in":"query","name":"actor","dataType":"string"},
                target: {"in":"query","name":"target","dataType":"string"},
        };
        app.get('/v1/audit_events',
            authenticateMiddleware([{"api_key":["keys:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(AuditEventsController)),
            ...(fetchMiddlewares<RequestHandler>(AuditEventsController.prototype.list)),

            async function AuditEventsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAuditEventsController_list, request, response });

                const controller = new AuditEventsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsApiKeysController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CreateApiKeyRequest"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/api_keys',
            authenticateMiddleware([{"api_key":["keys:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(ApiKeysController)),
            ...(fetchMiddlewares<RequestHandler>(ApiKeysController.prototype.create)),

            async function ApiKeysController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsApiKeysController_create, request, response });

                const controller = new ApiKeysController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 201,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsApiKeysController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
        };
        app.get('/v1/api_keys',
            authenticateMiddleware([{"api_key":["keys:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(ApiKeysController)),
            ...(fetchMiddlewares<RequestHandler>(ApiKeysController.prototype.list)),

            async function ApiKeysController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsApiKeysController_list, request, response });

                const controller = new ApiKeysController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsApiKeysController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.get('/v1/api_keys/:id',
            authenticateMiddleware([{"api_key":["keys:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(ApiKeysController)),
            ...(fetchMiddlewares<RequestHandler>(ApiKeysController.prototype.retrieve)),

            async function ApiKeysController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsApiKeysController_retrieve, request, response });

                const controller = new ApiKeysController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsApiKeysController_revoke: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
        };
        app.delete('/v1/api_keys/:id',
            authenticateMiddleware([{"api_key":["keys:manage"]}]),
            ...(fetchMiddlewares<RequestHandler>(ApiKeysController)),
            ...(fetchMiddlewares<RequestHandler>(ApiKeysController.prototype.revoke)),

            async function ApiKeysController_revoke(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsApiKeysController_revoke, request, response });

                const controller = new ApiKeysController();

              await templateService.apiHandler({
                methodName: 'revoke',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAccountController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
        };
        app.get('/v1/account',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(AccountController)),
            ...(fetchMiddlewares<RequestHandler>(AccountController.prototype.retrieve)),

            async function AccountController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAccountController_retrieve, request, response });

                const controller = new AccountController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsVideoMixesController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CreateVideoMixRequestBody"},
                dry_run: {"in":"query","name":"dry_run","dataType":"boolean"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/video_mixes',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(VideoMixesController)),
            ...(fetchMiddlewares<RequestHandler>(VideoMixesController.prototype.create)),

            async function VideoMixesController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsVideoMixesController_create, request, response });

                const controller = new VideoMixesController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 202,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsVideoMixesController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                status: {"in":"query","name":"status","ref":"JobStatus"},
                external_id: {"in":"query","name":"external_id","dataType":"string"},
        };
        app.get('/v1/video_mixes',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(VideoMixesController)),
            ...(fetchMiddlewares<RequestHandler>(VideoMixesController.prototype.list)),

            async function VideoMixesController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsVideoMixesController_list, request, response });

                const controller = new VideoMixesController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsVideoMixesController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                wait: {"in":"query","name":"wait","dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":60}}},
        };
        app.get('/v1/video_mixes/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(VideoMixesController)),
            ...(fetchMiddlewares<RequestHandler>(VideoMixesController.prototype.retrieve)),

            async function VideoMixesController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsVideoMixesController_retrieve, request, response });

                const controller = new VideoMixesController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsVideoMixesController_cancel: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/video_mixes/:id/cancel',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(VideoMixesController)),
            ...(fetchMiddlewares<RequestHandler>(VideoMixesController.prototype.cancel)),

            async function VideoMixesController_cancel(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsVideoMixesController_cancel, request, response });

                const controller = new VideoMixesController();

              await templateService.apiHandler({
                methodName: 'cancel',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsReformatsController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CreateReformatRequestBody"},
                dry_run: {"in":"query","name":"dry_run","dataType":"boolean"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/reformats',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(ReformatsController)),
            ...(fetchMiddlewares<RequestHandler>(ReformatsController.prototype.create)),

            async function ReformatsController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsReformatsController_create, request, response });

                const controller = new ReformatsController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 202,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsReformatsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                status: {"in":"query","name":"status","ref":"JobStatus"},
                external_id: {"in":"query","name":"external_id","dataType":"string"},
        };
        app.get('/v1/reformats',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(ReformatsController)),
            ...(fetchMiddlewares<RequestHandler>(ReformatsController.prototype.list)),

            async function ReformatsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsReformatsController_list, request, response });

                const controller = new ReformatsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsReformatsController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                wait: {"in":"query","name":"wait","dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":60}}},
        };
        app.get('/v1/reformats/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(ReformatsController)),
            ...(fetchMiddlewares<RequestHandler>(ReformatsController.prototype.retrieve)),

            async function ReformatsController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsReformatsController_retrieve, request, response });

                const controller = new ReformatsController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsReformatsController_cancel: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/reformats/:id/cancel',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(ReformatsController)),
            ...(fetchMiddlewares<RequestHandler>(ReformatsController.prototype.cancel)),

            async function ReformatsController_cancel(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsReformatsController_cancel, request, response });

                const controller = new ReformatsController();

              await templateService.apiHandler({
                methodName: 'cancel',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPoseGenerationsController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CreatePoseGenerationRequestBody"},
                dry_run: {"in":"query","name":"dry_run","dataType":"boolean"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/pose_generations',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(PoseGenerationsController)),
            ...(fetchMiddlewares<RequestHandler>(PoseGenerationsController.prototype.create)),

            async function PoseGenerationsController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPoseGenerationsController_create, request, response });

                const controller = new PoseGenerationsController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 202,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPoseGenerationsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                status: {"in":"query","name":"status","ref":"JobStatus"},
                external_id: {"in":"query","name":"external_id","dataType":"string"},
        };
        app.get('/v1/pose_generations',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(PoseGenerationsController)),
            ...(fetchMiddlewares<RequestHandler>(PoseGenerationsController.prototype.list)),

            async function PoseGenerationsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPoseGenerationsController_list, request, response });

                const controller = new PoseGenerationsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPoseGenerationsController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                wait: {"in":"query","name":"wait","dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":60}}},
        };
        app.get('/v1/pose_generations/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(PoseGenerationsController)),
            ...(fetchMiddlewares<RequestHandler>(PoseGenerationsController.prototype.retrieve)),

            async function PoseGenerationsController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPoseGenerationsController_retrieve, request, response });

                const controller = new PoseGenerationsController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsPoseGenerationsController_cancel: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/pose_generations/:id/cancel',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(PoseGenerationsController)),
            ...(fetchMiddlewares<RequestHandler>(PoseGenerationsController.prototype.cancel)),

            async function PoseGenerationsController_cancel(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsPoseGenerationsController_cancel, request, response });

                const controller = new PoseGenerationsController();

              await templateService.apiHandler({
                methodName: 'cancel',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsLoopsController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CreateLoopRequestBody"},
                dry_run: {"in":"query","name":"dry_run","dataType":"boolean"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/loops',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(LoopsController)),
            ...(fetchMiddlewares<RequestHandler>(LoopsController.prototype.create)),

            async function LoopsController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsLoopsController_create, request, response });

                const controller = new LoopsController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 202,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsLoopsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                status: {"in":"query","name":"status","ref":"JobStatus"},
                external_id: {"in":"query","name":"external_id","dataType":"string"},
        };
        app.get('/v1/loops',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(LoopsController)),
            ...(fetchMiddlewares<RequestHandler>(LoopsController.prototype.list)),

            async function LoopsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsLoopsController_list, request, response });

                const controller = new LoopsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsLoopsController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                wait: {"in":"query","name":"wait","dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":60}}},
        };
        app.get('/v1/loops/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(LoopsController)),
            ...(fetchMiddlewares<RequestHandler>(LoopsController.prototype.retrieve)),

            async function LoopsController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsLoopsController_retrieve, request, response });

                const controller = new LoopsController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsLoopsController_cancel: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/loops/:id/cancel',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(LoopsController)),
            ...(fetchMiddlewares<RequestHandler>(LoopsController.prototype.cancel)),

            async function LoopsController_cancel(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsLoopsController_cancel, request, response });

                const controller = new LoopsController();

              await templateService.apiHandler({
                methodName: 'cancel',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCarouselsController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CreateCarouselRequestBody"},
                dry_run: {"in":"query","name":"dry_run","dataType":"boolean"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/carousels',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(CarouselsController)),
            ...(fetchMiddlewares<RequestHandler>(CarouselsController.prototype.create)),

            async function CarouselsController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCarouselsController_create, request, response });

                const controller = new CarouselsController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 202,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCarouselsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                status: {"in":"query","name":"status","ref":"JobStatus"},
                external_id: {"in":"query","name":"external_id","dataType":"string"},
        };
        app.get('/v1/carousels',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(CarouselsController)),
            ...(fetchMiddlewares<RequestHandler>(CarouselsController.prototype.list)),

            async function CarouselsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCarouselsController_list, request, response });

                const controller = new CarouselsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCarouselsController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                wait: {"in":"query","name":"wait","dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":60}}},
        };
        app.get('/v1/carousels/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(CarouselsController)),
            ...(fetchMiddlewares<RequestHandler>(CarouselsController.prototype.retrieve)),

            async function CarouselsController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCarouselsController_retrieve, request, response });

                const controller = new CarouselsController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsCarouselsController_cancel: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/carousels/:id/cancel',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(CarouselsController)),
            ...(fetchMiddlewares<RequestHandler>(CarouselsController.prototype.cancel)),

            async function CarouselsController_cancel(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsCarouselsController_cancel, request, response });

                const controller = new CarouselsController();

              await templateService.apiHandler({
                methodName: 'cancel',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAvatarsController_create: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                body: {"in":"body","name":"body","required":true,"ref":"CreateAvatarRequestBody"},
                dry_run: {"in":"query","name":"dry_run","dataType":"boolean"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/avatars',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(AvatarsController)),
            ...(fetchMiddlewares<RequestHandler>(AvatarsController.prototype.create)),

            async function AvatarsController_create(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAvatarsController_create, request, response });

                const controller = new AvatarsController();

              await templateService.apiHandler({
                methodName: 'create',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: 202,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAvatarsController_list: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                limit: {"in":"query","name":"limit","dataType":"integer","validators":{"isInt":{"errorMsg":"limit"},"minimum":{"value":1},"maximum":{"value":100}}},
                starting_after: {"in":"query","name":"starting_after","dataType":"string"},
                status: {"in":"query","name":"status","ref":"JobStatus"},
                external_id: {"in":"query","name":"external_id","dataType":"string"},
        };
        app.get('/v1/avatars',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(AvatarsController)),
            ...(fetchMiddlewares<RequestHandler>(AvatarsController.prototype.list)),

            async function AvatarsController_list(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAvatarsController_list, request, response });

                const controller = new AvatarsController();

              await templateService.apiHandler({
                methodName: 'list',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAvatarsController_retrieve: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                wait: {"in":"query","name":"wait","dataType":"double","validators":{"minimum":{"value":0},"maximum":{"value":60}}},
        };
        app.get('/v1/avatars/:id',
            authenticateMiddleware([{"api_key":["read"]}]),
            ...(fetchMiddlewares<RequestHandler>(AvatarsController)),
            ...(fetchMiddlewares<RequestHandler>(AvatarsController.prototype.retrieve)),

            async function AvatarsController_retrieve(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAvatarsController_retrieve, request, response });

                const controller = new AvatarsController();

              await templateService.apiHandler({
                methodName: 'retrieve',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        const argsAvatarsController_cancel: Record<string, TsoaRoute.ParameterSchema> = {
                req: {"in":"request","name":"req","required":true,"dataType":"object"},
                id: {"in":"path","name":"id","required":true,"dataType":"string"},
                idempotencyKey: {"in":"header","name":"Idempotency-Key","dataType":"string"},
        };
        app.post('/v1/avatars/:id/cancel',
            authenticateMiddleware([{"api_key":["jobs:write"]}]),
            ...(fetchMiddlewares<RequestHandler>(AvatarsController)),
            ...(fetchMiddlewares<RequestHandler>(AvatarsController.prototype.cancel)),

            async function AvatarsController_cancel(request: ExRequest, response: ExResponse, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            let validatedArgs: any[] = [];
            try {
                validatedArgs = templateService.getValidatedArgs({ args: argsAvatarsController_cancel, request, response });

                const controller = new AvatarsController();

              await templateService.apiHandler({
                methodName: 'cancel',
                controller,
                response,
                next,
                validatedArgs,
                successStatus: undefined,
              });
            } catch (err) {
                return next(err);
            }
        });
        // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa


    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

    function authenticateMiddleware(security: TsoaRoute.Security[] = []) {
        return async function runAuthenticationMiddleware(request: any, response: any, next: any) {

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            // keep track of failed auth attempts so we can hand back the most
            // recent one.  This behavior was previously existing so preserving it
            // here
            const failedAttempts: any[] = [];
            const pushAndRethrow = (error: any) => {
                failedAttempts.push(error);
                throw error;
            };

            const secMethodOrPromises: Promise<any>[] = [];
            for (const secMethod of security) {
                if (Object.keys(secMethod).length > 1) {
                    const secMethodAndPromises: Promise<any>[] = [];

                    for (const name in secMethod) {
                        secMethodAndPromises.push(
                            expressAuthenticationRecasted(request, name, secMethod[name], response)
                                .catch(pushAndRethrow)
                        );
                    }

                    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

                    secMethodOrPromises.push(Promise.all(secMethodAndPromises)
                        .then(users => { return users[0]; }));
                } else {
                    for (const name in secMethod) {
                        secMethodOrPromises.push(
                            expressAuthenticationRecasted(request, name, secMethod[name], response)
                                .catch(pushAndRethrow)
                        );
                    }
                }
            }

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa

            try {
                request['user'] = await Promise.any(secMethodOrPromises);

                // Response was sent in middleware, abort
                if (response.writableEnded) {
                    return;
                }

                next();
            }
            catch(err) {
                // Show most recent error as response
                const error = failedAttempts.pop();
                error.status = error.status || 401;

                // Response was sent in middleware, abort
                if (response.writableEnded) {
                    return;
                }
                next(error);
            }

            // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
        }
    }

    // WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
}

// WARNING: This file was auto-generated with tsoa. Please do not modify it. Re-run tsoa to re-generate this file: https://github.com/lukeautry/tsoa
