#!/usr/bin/perl
# A harvest by HTTP::OAI (Debian package libhttp-oai-perl, the OAI-PERL library EPrints and others harvest with): the
# OAI-PMH client the project did not write. Its Harvester follows the resumption tokens itself. This script only
# prints what the library hands it, one tab-separated line each:
#   request  <url>                          every HTTP request the library sent
#   identify <repositoryName> <protocolVersion> <deletedRecord> <granularity>
#   record   <identifier> <datestamp> live|deleted <setSpec,...> <dc:title or datacite title, first>
# Usage: oai-harvest.pl <baseURL> <metadataPrefix> [set]. Exits non-zero on any OAI-PMH or HTTP error.
use strict;
use warnings;
use HTTP::OAI;

binmode STDOUT, ':encoding(UTF-8)';
my ($base, $prefix, $set) = @ARGV;
die "usage: $0 baseURL metadataPrefix [set]\n" unless $base && $prefix;

my $h = HTTP::OAI::Harvester->new(baseURL => $base, resume => 1);
$h->add_handler(request_send => sub { print "request\t", $_[0]->uri, "\n"; return });

my $id = $h->Identify;
die 'Identify failed: ' . $id->message . "\n" if $id->is_error;
print join("\t", 'identify', $id->repositoryName, $id->protocolVersion, $id->deletedRecord // '', $id->granularity // ''), "\n";

my $list = $h->ListRecords(
  metadataPrefix => $prefix,
  ($set ? (set => $set) : ()),
  onRecord => sub {
    my $record = shift;
    my $header = $record->header;
    my $title = '';
    if (!$header->is_deleted && $record->metadata && $record->metadata->dom) {
      my ($node) = $record->metadata->dom->findnodes('.//*[local-name()="title"]');
      $title = $node ? $node->textContent : '';
      $title =~ s/[\t\n]/ /g;
    }
    print join("\t", 'record', $header->identifier, $header->datestamp, ($header->is_deleted ? 'deleted' : 'live'),
      join(',', $header->setSpec), $title), "\n";
  },
);
die 'ListRecords failed: ' . $list->message . "\n" if $list->is_error;
