using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SIIVbG.Domain.Notices;
using SIIVbG.Domain.Operators;
using SIIVbG.Domain.Territory;

namespace SIIVbG.Infrastructure.Persistence;

public sealed class SiivbgDbContext(DbContextOptions<SiivbgDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Operator> Operators => Set<Operator>();
    public DbSet<SIIVbG.Domain.Features.FeatureSwitch> FeatureSwitches => Set<SIIVbG.Domain.Features.FeatureSwitch>();
    public DbSet<SIIVbG.Domain.Operators.OperatorChangeRequest> OperatorChangeRequests => Set<SIIVbG.Domain.Operators.OperatorChangeRequest>();
    public DbSet<SIIVbG.Domain.Access.AccessGrant> AccessGrants => Set<SIIVbG.Domain.Access.AccessGrant>();
    public DbSet<SIIVbG.Domain.Access.AccessRequest> AccessRequests => Set<SIIVbG.Domain.Access.AccessRequest>();
    public DbSet<SIIVbG.Domain.Survivors.Survivor> Survivors => Set<SIIVbG.Domain.Survivors.Survivor>();
    public DbSet<SIIVbG.Domain.Cases.Case> Cases => Set<SIIVbG.Domain.Cases.Case>();
    public DbSet<SIIVbG.Domain.Survivors.RelatedPerson> RelatedPersons => Set<SIIVbG.Domain.Survivors.RelatedPerson>();
    public DbSet<SIIVbG.Domain.Episodes.ViolenceEpisode> ViolenceEpisodes => Set<SIIVbG.Domain.Episodes.ViolenceEpisode>();
    public DbSet<SIIVbG.Domain.Consents.Consent> Consents => Set<SIIVbG.Domain.Consents.Consent>();
    public DbSet<SIIVbG.Domain.Legal.LegalProcess> LegalProcesses => Set<SIIVbG.Domain.Legal.LegalProcess>();
    public DbSet<SIIVbG.Domain.Plans.InterventionPlan> InterventionPlans => Set<SIIVbG.Domain.Plans.InterventionPlan>();
    public DbSet<SIIVbG.Domain.Attachments.Attachment> Attachments => Set<SIIVbG.Domain.Attachments.Attachment>();
    public DbSet<SIIVbG.Infrastructure.Attachments.AttachmentContent> AttachmentContents => Set<SIIVbG.Infrastructure.Attachments.AttachmentContent>();
    public DbSet<SIIVbG.Domain.Referrals.Referral> Referrals => Set<SIIVbG.Domain.Referrals.Referral>();
    public DbSet<SIIVbG.Domain.Referrals.Institution> Institutions => Set<SIIVbG.Domain.Referrals.Institution>();
    public DbSet<SIIVbG.Domain.Alerts.Alert> Alerts => Set<SIIVbG.Domain.Alerts.Alert>();
    public DbSet<SIIVbG.Domain.WaitingLists.WaitingListEntry> WaitingListEntries => Set<SIIVbG.Domain.WaitingLists.WaitingListEntry>();
    public DbSet<SIIVbG.Domain.WaitingLists.CentreCapacity> CentreCapacities => Set<SIIVbG.Domain.WaitingLists.CentreCapacity>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<Comuna> Comunas => Set<Comuna>();
    public DbSet<ExecutingEntity> ExecutingEntities => Set<ExecutingEntity>();
    public DbSet<Centre> Centres => Set<Centre>();
    public DbSet<SystemNotice> SystemNotices => Set<SystemNotice>();
    public DbSet<AuditRow> AuditEntries => Set<AuditRow>();
    public DbSet<JobHeartbeat> JobHeartbeats => Set<JobHeartbeat>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SIIVbG.Infrastructure.Sgp.SgpImportRun> SgpImportRuns => Set<SIIVbG.Infrastructure.Sgp.SgpImportRun>();
    public DbSet<SIIVbG.Infrastructure.Sgp.SgpRecord> SgpRecords => Set<SIIVbG.Infrastructure.Sgp.SgpRecord>();
    public DbSet<SIIVbG.Infrastructure.Sgp.SgpReview> SgpReviews => Set<SIIVbG.Infrastructure.Sgp.SgpReview>();
    public DbSet<SIIVbG.Domain.Catalogues.CatalogueEntry> CatalogueEntries => Set<SIIVbG.Domain.Catalogues.CatalogueEntry>();
    public DbSet<SIIVbG.Infrastructure.Audit.AuditVerificationRow> AuditVerifications => Set<SIIVbG.Infrastructure.Audit.AuditVerificationRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("unaccent").HasPostgresExtension("pg_trgm").HasPostgresExtension("fuzzystrmatch");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SiivbgDbContext).Assembly);
    }
}

/// <summary>Storage shape of an audit entry. Written only by <c>AuditTrail</c> (raw SQL under a lock); never updated.</summary>
public sealed class AuditRow
{
    public long Sequence { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string Action { get; set; } = "";
    public int Outcome { get; set; }
    public Guid? OperatorId { get; set; }
    public string? OperatorRun { get; set; }
    public Guid? SurvivorId { get; set; }
    public string? Resource { get; set; }
    public string? Reason { get; set; }
    public string? Details { get; set; }
    public byte[] PreviousHash { get; set; } = [];
    public byte[] Hash { get; set; } = [];
}

/// <summary>Last run of the heartbeat recurring job per node; /health reads it to know Hangfire actually runs jobs.</summary>
public sealed class JobHeartbeat
{
    public string Job { get; set; } = "";
    public string Node { get; set; } = "";
    public DateTimeOffset LastRunAt { get; set; }
}
