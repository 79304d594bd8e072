import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '@wco/auth';
import type { Principal } from '@wco/auth';
import { ApiProblems, ApiUuidParam, ParseUuidPipe } from '@wco/http';
import type { OperationView } from './dto/operation.dto';
import { OperationViewSchema } from './dto/operation.responses';
import {
  CreateFromTemplateDto,
  OperationTemplateDto,
  OperationTemplateViewSchema,
  UpdateOperationTemplateDto,
} from './dto/operation-template.dto';
import type { OperationTemplateView } from './dto/operation-template.dto';
import { OperationTemplatesService } from './operation-templates.service';

@ApiTags('operations')
@ApiUuidParam('id', 'The operation template')
@Controller('operation-templates')
export class OperationTemplatesController {
  constructor(private readonly templates: OperationTemplatesService) {}

  @Post()
  @Roles('operation-coordinator')
  @ApiOperation({
    summary: "Keep an operation template for the caller's organisation",
    description: 'Commodity focus, the Members usually admitted and the report fields required; names are unique per organisation.',
  })
  @ApiCreatedResponse({ type: OperationTemplateViewSchema, description: 'The template' })
  @ApiProblems({ 409: ['operation_template_name_taken'] })
  create(@CurrentPrincipal() caller: Principal, @Body() dto: OperationTemplateDto): Promise<OperationTemplateView> {
    return this.templates.create(caller, dto);
  }

  @Get()
  @Roles('operation-coordinator')
  @ApiOperation({ summary: "The caller's organisation's operation templates, by name", description: 'At most 500.' })
  @ApiOkResponse({ type: OperationTemplateViewSchema, isArray: true, description: 'The templates' })
  list(@CurrentPrincipal() caller: Principal): Promise<OperationTemplateView[]> {
    return this.templates.list(caller);
  }

  @Get(':id')
  @Roles('operation-coordinator')
  @ApiOperation({ summary: 'One operation template', description: "Another organisation's template is answered like a missing one." })
  @ApiOkResponse({ type: OperationTemplateViewSchema, description: 'The template' })
  @ApiProblems({ 404: ['operation_template_not_found'] })
  get(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<OperationTemplateView> {
    return this.templates.get(caller, id);
  }

  @Put(':id')
  @Roles('operation-coordinator')
  @ApiOperation({
    summary: 'Edit an operation template (its whole content, at the version read)',
    description: 'Operations created from it earlier keep what they were created with.',
  })
  @ApiOkResponse({ type: OperationTemplateViewSchema, description: 'The template, one version on' })
  @ApiProblems({ 404: ['operation_template_not_found'], 409: ['operation_template_version_conflict', 'operation_template_name_taken'] })
  update(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: UpdateOperationTemplateDto,
  ): Promise<OperationTemplateView> {
    return this.templates.update(caller, id, dto);
  }

  @Delete(':id')
  @Roles('operation-coordinator')
  @ApiOperation({ summary: 'Delete an operation template', description: 'Operations created from it are not affected.' })
  @ApiOkResponse({ type: OperationTemplateViewSchema, description: 'The template as it was when deleted' })
  @ApiProblems({ 404: ['operation_template_not_found'] })
  remove(@CurrentPrincipal() caller: Principal, @Param('id', ParseUuidPipe) id: string): Promise<OperationTemplateView> {
    return this.templates.remove(caller, id);
  }

  @Post(':id/operations')
  @Roles('operation-coordinator')
  @ApiOperation({
    summary: 'Create an operation (planned) from the template',
    description: 'Its name and dates are given; commodity focus, participants and required report fields come from the template.',
  })
  @ApiCreatedResponse({ type: OperationViewSchema, description: 'The new operation' })
  @ApiProblems({ 404: ['operation_template_not_found'] })
  instantiate(
    @CurrentPrincipal() caller: Principal,
    @Param('id', ParseUuidPipe) id: string,
    @Body() dto: CreateFromTemplateDto,
  ): Promise<OperationView> {
    return this.templates.instantiate(caller, id, dto);
  }
}
