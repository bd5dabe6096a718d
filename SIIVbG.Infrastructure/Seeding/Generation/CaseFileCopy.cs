using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using SIIVbG.Domain.Consents;
using SIIVbG.Domain.Survivors;

namespace SIIVbG.Infrastructure.Seeding.Generation;

/// <summary>
/// Writes generated case files with PostgreSQL binary COPY, one table after the other, so that foreign keys find their
/// rows. Column lists are the migrations' (snake_case); <c>name_key</c> is computed by PostgreSQL and <c>xmin</c> is
/// the row version, so neither is written. The jsonb columns get the JSON EF Core writes for the owned collections.
/// </summary>
internal sealed class CaseFileCopy
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;

    public CaseFileCopy() =>
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public async Task<(long Cases, long Episodes)> WriteAsync(NpgsqlConnection conn, IReadOnlyList<GeneratedCaseFile> batch, CancellationToken ct)
    {
        long cases = 0, episodes = 0;
        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY survivors (id, document_kind, run, document_number, given_names, surnames, birth_date, sex, gender_identity,
              nationality, indigenous_people, migration_status, disability, phone, email, address, comuna_code, registered_at,
              registered_by, provenance) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var f in batch)
            {
                var s = f.Survivor;
                await w.StartRowAsync(ct);
                await w.WriteAsync(s.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync((int)s.DocumentKind, NpgsqlDbType.Integer, ct);
                await Text(w, s.Run, ct);
                await Text(w, s.DocumentNumber, ct);
                await Text(w, s.GivenNames, ct);
                await Text(w, s.Surnames, ct);
                if (s.BirthDate is { } b) await w.WriteAsync(b, NpgsqlDbType.Date, ct); else await w.WriteNullAsync(ct);
                await w.WriteAsync((int)s.Sex, NpgsqlDbType.Integer, ct);
                await Text(w, s.GenderIdentity, ct);
                await Text(w, s.Nationality, ct);
                await Text(w, s.IndigenousPeople, ct);
                await Text(w, s.MigrationStatus, ct);
                await Text(w, s.Disability, ct);
                await Text(w, s.Phone, ct);
                await Text(w, s.Email, ct);
                await Text(w, s.Address, ct);
                await Text(w, s.ComunaCode, ct);
                await w.WriteAsync(s.RegisteredAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(s.RegisteredBy, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(ProvenanceJson(s), NpgsqlDbType.Jsonb, ct);
            }
            await w.CompleteAsync(ct);
        }

        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY cases (id, survivor_id, case_number, programme_line, intervention_type, centre_code, executing_entity_code,
              opened_at, opened_by, admitted_at, admitted_by, state, dropout_reason, latest_risk, latest_risk_at, milestones,
              risk_estimates) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var f in batch)
            foreach (var c in f.Cases)
            {
                cases++;
                await w.StartRowAsync(ct);
                await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(f.Survivor.Id, NpgsqlDbType.Uuid, ct);
                await Text(w, c.CaseNumber, ct);
                await Text(w, c.ProgrammeLine, ct);
                await Text(w, c.InterventionType, ct);
                await Text(w, c.CentreCode, ct);
                await Text(w, c.ExecutingEntityCode, ct);
                await w.WriteAsync(c.OpenedAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(c.OpenedBy, NpgsqlDbType.Uuid, ct);
                if (c.Admission is { } a)
                {
                    await w.WriteAsync(a.At, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(a.By, NpgsqlDbType.Uuid, ct);
                }
                else
                {
                    await w.WriteNullAsync(ct);
                    await w.WriteNullAsync(ct);
                }
                await w.WriteAsync((int)c.State, NpgsqlDbType.Integer, ct);
                await Text(w, c.DropoutReason, ct);
                if (c.LatestRisk is { } r)
                {
                    await w.WriteAsync((int)r.Level, NpgsqlDbType.Integer, ct);
                    await w.WriteAsync(r.At, NpgsqlDbType.TimestampTz, ct);
                }
                else
                {
                    await w.WriteNullAsync(ct);
                    await w.WriteNullAsync(ct);
                }
                await w.WriteAsync(MilestonesJson(c), NpgsqlDbType.Jsonb, ct);
                await w.WriteAsync(RiskJson(c), NpgsqlDbType.Jsonb, ct);
            }
            await w.CompleteAsync(ct);
        }

        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY violence_episodes (id, survivor_id, case_id, registered_by_centre, occurred_on, occurred_at_time, place, comuna_code,
              violence_types, aggressor_relation, observations, risk_at_registration, registered_at, registered_by) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var f in batch)
            foreach (var e in f.Episodes)
            {
                episodes++;
                await w.StartRowAsync(ct);
                await w.WriteAsync(e.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(f.Survivor.Id, NpgsqlDbType.Uuid, ct);
                if (e.CaseId is { } caseId) await w.WriteAsync(caseId, NpgsqlDbType.Uuid, ct); else await w.WriteNullAsync(ct);
                await Text(w, e.RegisteredByCentre, ct);
                await w.WriteAsync(e.OccurredOn, NpgsqlDbType.Date, ct);
                if (e.OccurredAtTime is { } t) await w.WriteAsync(t, NpgsqlDbType.Time, ct); else await w.WriteNullAsync(ct);
                await Text(w, e.Place, ct);
                await Text(w, e.ComunaCode, ct);
                await w.WriteAsync((int)e.ViolenceTypes, NpgsqlDbType.Integer, ct);
                await w.WriteAsync((int)e.AggressorRelation, NpgsqlDbType.Integer, ct);
                await Text(w, e.Observations, ct);
                if (e.RiskAtRegistration is { } risk) await w.WriteAsync((int)risk, NpgsqlDbType.Integer, ct); else await w.WriteNullAsync(ct);
                await w.WriteAsync(e.RegisteredAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(e.RegisteredBy, NpgsqlDbType.Uuid, ct);
            }
            await w.CompleteAsync(ct);
        }

        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY consents (id, survivor_id, obtained, given_by, representative_name, representative_relation, form, scanned_copy_id,
              signature_evidence, purpose_and_recipients, consequences_of_refusal, arcopi_rights, confidentiality, truthful_data,
              recorded_at, recorded_by, scopes, related_persons_without_consent, scope_history) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var f in batch)
            {
                if (f.Consent is not { } c) continue;
                await w.StartRowAsync(ct);
                await w.WriteAsync(c.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(f.Survivor.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(c.Obtained, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync((int)c.GivenBy, NpgsqlDbType.Integer, ct);
                await Text(w, c.RepresentativeName, ct);
                await Text(w, c.RepresentativeRelation, ct);
                if (c.Form is { } form) await w.WriteAsync((int)form, NpgsqlDbType.Integer, ct); else await w.WriteNullAsync(ct);
                if (c.ScannedCopyId is { } copy) await w.WriteAsync(copy, NpgsqlDbType.Uuid, ct); else await w.WriteNullAsync(ct);
                await Text(w, c.SignatureEvidence, ct);
                var d = c.Declarations;
                await w.WriteAsync(d.PurposeAndRecipients, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(d.ConsequencesOfRefusal, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(d.ArcopiRights, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(d.Confidentiality, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(d.TruthfulData, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(c.RecordedAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(c.RecordedBy, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync((int)c.Scopes, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(Array.Empty<Guid>(), NpgsqlDbType.Array | NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(ScopeHistoryJson(c), NpgsqlDbType.Jsonb, ct);
            }
            await w.CompleteAsync(ct);
        }

        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY legal_processes (id, survivor_id, case_id, type, subject, related_person_id, court, rit, ruc, status, filed_on,
              resolved_on, outcome, archived_on, archive_reason, registered_at, registered_by) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var f in batch)
            foreach (var p in f.LegalProcesses)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(p.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(f.Survivor.Id, NpgsqlDbType.Uuid, ct);
                if (p.CaseId is { } caseId) await w.WriteAsync(caseId, NpgsqlDbType.Uuid, ct); else await w.WriteNullAsync(ct);
                await w.WriteAsync((int)p.Type, NpgsqlDbType.Integer, ct);
                await w.WriteAsync((int)p.Subject, NpgsqlDbType.Integer, ct);
                await w.WriteNullAsync(ct);
                await Text(w, p.Court, ct);
                await Text(w, p.Rit, ct);
                await Text(w, p.Ruc, ct);
                await w.WriteAsync((int)p.Status, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(p.FiledOn, NpgsqlDbType.Date, ct);
                await Date(w, p.ResolvedOn, ct);
                await Text(w, p.Outcome, ct);
                await Date(w, p.ArchivedOn, ct);
                await Text(w, p.ArchiveReason, ct);
                await w.WriteAsync(p.RegisteredAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(p.RegisteredBy, NpgsqlDbType.Uuid, ct);
            }
            await w.CompleteAsync(ct);
        }

        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY protective_measures (id, kind, description, issued_by_court, valid_from, valid_until, lifted_on, recorded_at,
              recorded_by, legal_process_id) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var f in batch)
            foreach (var p in f.LegalProcesses)
            foreach (var m in p.Measures)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(m.Id, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync((int)m.Kind, NpgsqlDbType.Integer, ct);
                await Text(w, m.Description, ct);
                await Text(w, m.IssuedByCourt, ct);
                await w.WriteAsync(m.ValidFrom, NpgsqlDbType.Date, ct);
                await Date(w, m.ValidUntil, ct);
                await Date(w, m.LiftedOn, ct);
                await w.WriteAsync(m.RecordedAt, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(m.RecordedBy, NpgsqlDbType.Uuid, ct);
                await w.WriteAsync(p.Id, NpgsqlDbType.Uuid, ct);
            }
            await w.CompleteAsync(ct);
        }
        return (cases, episodes);
    }

    private static ValueTask Text(NpgsqlBinaryImporter w, string? value, CancellationToken ct) =>
        value is null ? new ValueTask(w.WriteNullAsync(ct)) : new ValueTask(w.WriteAsync(value, NpgsqlDbType.Text, ct));

    private static ValueTask Date(NpgsqlBinaryImporter w, DateOnly? value, CancellationToken ct) =>
        value is { } d ? new ValueTask(w.WriteAsync(d, NpgsqlDbType.Date, ct)) : new ValueTask(w.WriteNullAsync(ct));

    /// <summary>The provenance the domain stamps when <see cref="DomainReplay"/> registers the same survivor.</summary>
    internal string ProvenanceJson(GeneratedSurvivor s)
    {
        var json = Begin();
        void Entry(string field, DataSource source)
        {
            json.WriteStartObject();
            json.WriteString("At", s.RegisteredAt);
            json.WriteString("Field", field);
            json.WriteNumber("Source", (int)source);
            json.WriteEndObject();
        }
        Entry(SurvivorFields.Names, DataSource.SelfReported);
        if (s.BirthDate is not null) Entry(SurvivorFields.BirthDate, DataSource.SelfReported);
        if (s.Sex != RegisteredSex.Unknown) Entry(SurvivorFields.Sex, s.Run is null ? DataSource.SelfReported : DataSource.CivilRegistry);
        if (s.GenderIdentity is not null) Entry(SurvivorFields.GenderIdentity, DataSource.SelfReported);
        if (s.Nationality is not null) Entry(SurvivorFields.Nationality, DataSource.SelfReported);
        if (s.IndigenousPeople is not null) Entry(SurvivorFields.IndigenousPeople, DataSource.SelfReported);
        if (s.MigrationStatus is not null) Entry(SurvivorFields.MigrationStatus, DataSource.SelfReported);
        if (s.Disability is not null) Entry(SurvivorFields.Disability, DataSource.SelfReported);
        if (s.Phone is not null || s.Email is not null) Entry(SurvivorFields.Contact, DataSource.SelfReported);
        Entry(SurvivorFields.Address, DataSource.SelfReported);
        return End();
    }

    internal string MilestonesJson(GeneratedCase c)
    {
        var json = Begin();
        foreach (var m in c.Milestones)
        {
            json.WriteStartObject();
            json.WriteString("At", m.At);
            json.WriteString("By", m.By);
            json.WriteString("Id", m.Id);
            if (m.Note is null) json.WriteNull("Note"); else json.WriteString("Note", m.Note);
            json.WriteNumber("State", (int)m.State);
            json.WriteEndObject();
        }
        return End();
    }

    internal string RiskJson(GeneratedCase c)
    {
        var json = Begin();
        foreach (var r in c.RiskEstimates)
        {
            json.WriteStartObject();
            json.WriteString("At", r.At);
            json.WriteString("By", r.By);
            json.WriteString("Id", r.Id);
            json.WriteNumber("Level", (int)r.Level);
            json.WriteEndObject();
        }
        return End();
    }

    internal string ScopeHistoryJson(GeneratedConsent c)
    {
        var json = Begin();
        var n = 0;
        void Change(ConsentScope scope, bool granted, DateTimeOffset at, string? reason)
        {
            json.WriteStartObject();
            json.WriteString("At", at);
            json.WriteString("By", c.RecordedBy);
            json.WriteBoolean("Granted", granted);
            json.WriteString("Id", c.ScopeChangeIds[n++]);
            if (reason is null) json.WriteNull("Reason"); else json.WriteString("Reason", reason);
            json.WriteNumber("Scope", (int)scope);
            json.WriteEndObject();
        }
        foreach (var s in CaseFileSynthesis.Singles(c.Granted)) Change(s, true, c.RecordedAt, null);
        foreach (var s in CaseFileSynthesis.Singles(c.Revoked)) Change(s, false, c.RevokedAt!.Value, CaseFileGenerator.RevocationReason);
        return End();
    }

    private Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartArray();
        return _json;
    }

    private string End()
    {
        _json.WriteEndArray();
        _json.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
