using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SIIVbG.Domain.Survivors;

namespace SIIVbG.Infrastructure.Persistence.Configurations;

internal sealed class SurvivorConfiguration : IEntityTypeConfiguration<Survivor>
{
    /// <summary>Accent- and case-free name used by the trigram search; computed by PostgreSQL (see the migration).</summary>
    public const string NameKey = "name_key";

    /// <summary>The words of <see cref="NameKey"/>: the word-level candidate source of the name search (ADR 016).</summary>
    public const string NameWords = "name_words";

    public void Configure(EntityTypeBuilder<Survivor> b)
    {
        b.ToTable("survivors");
        b.HasKey(s => s.Id);
        b.Property(s => s.DocumentKind).HasConversion<int>();
        b.Property(s => s.Run).HasMaxLength(12);
        b.HasIndex(s => s.Run).IsUnique().HasFilter("run IS NOT NULL");
        b.Property(s => s.DocumentNumber).HasMaxLength(30);
        b.Property(s => s.GivenNames).HasMaxLength(Survivor.MaxNameLength).IsRequired();
        b.Property(s => s.Surnames).HasMaxLength(Survivor.MaxNameLength).IsRequired();
        b.Property(s => s.Sex).HasConversion<int>();
        foreach (var p in new[] { nameof(Survivor.GenderIdentity), nameof(Survivor.Nationality), nameof(Survivor.IndigenousPeople),
                     nameof(Survivor.MigrationStatus), nameof(Survivor.Disability), nameof(Survivor.Health), nameof(Survivor.SubstanceUse), nameof(Survivor.Phone), nameof(Survivor.Email), nameof(Survivor.Address) })
            b.Property(p).HasMaxLength(Survivor.MaxTextLength);
        b.Property(s => s.ComunaCode).HasMaxLength(5);
        b.HasOne<SIIVbG.Domain.Territory.Comuna>().WithMany().HasForeignKey(s => s.ComunaCode);
        b.Ignore(s => s.FullName);
        b.OwnsMany(s => s.Provenance, p =>
        {
            p.ToJson("provenance");
            p.Property(x => x.Source).HasConversion<int>();
        });
        b.Navigation(s => s.Provenance).HasField("_provenance").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Property<string>(NameKey).HasMaxLength(260)
            .HasComputedColumnSql("siivbg_name_key(given_names || ' ' || surnames)", stored: true);
        b.HasIndex(NameKey).HasMethod("gin").HasOperators("gin_trgm_ops");
        b.Property<string[]>(NameWords)
            .HasComputedColumnSql("siivbg_name_words(given_names || ' ' || surnames)", stored: true);
        b.HasIndex(NameWords).HasMethod("gin");
        b.Property<uint>("Version").IsRowVersion();
    }
}
