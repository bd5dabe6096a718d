using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SIIVbG.Domain.Attachments;
using SIIVbG.Domain.Cases;
using SIIVbG.Domain.Legal;
using SIIVbG.Domain.Survivors;
using SIIVbG.Domain.Territory;

namespace SIIVbG.Infrastructure.Attachments;

/// <summary>
/// The bytes of one attachment, in a table of their own so that listing a record's annexes never reads (nor
/// TOASTs in) their content; only <see cref="AttachmentService.OpenAsync"/> reads it, after the policy said yes.
/// </summary>
public sealed class AttachmentContent
{
    public Guid AttachmentId { get; set; }
    public byte[] Bytes { get; set; } = [];
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.ToTable("attachments");
        b.HasKey(a => a.Id);
        b.Property(a => a.HoldingCentreCode).HasMaxLength(20).IsRequired();
        b.Property(a => a.Kind).HasConversion<int>();
        b.Property(a => a.MediaType).HasConversion<int>();
        b.Property(a => a.FileName).HasMaxLength(AttachmentFileName.MaxLength).IsRequired();
        b.Property(a => a.DeclaredContentType).HasMaxLength(Attachment.MaxDeclaredTypeLength);
        b.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength().IsRequired();
        b.Property(a => a.Description).HasMaxLength(Attachment.MaxDescriptionLength);
        b.Ignore(a => a.ContentType);
        b.HasOne<Survivor>().WithMany().HasForeignKey(a => a.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LegalProcess>().WithMany().HasForeignKey(a => a.LegalProcessId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Centre>().WithMany().HasForeignKey(a => a.HoldingCentreCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.SurvivorId, a.UploadedAt });
    }
}

internal sealed class AttachmentContentConfiguration : IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<AttachmentContent> b)
    {
        b.ToTable("attachment_contents");
        b.HasKey(c => c.AttachmentId);
        b.Property(c => c.Bytes).HasColumnType("bytea").IsRequired();
        b.HasOne<Attachment>().WithOne().HasForeignKey<AttachmentContent>(c => c.AttachmentId).OnDelete(DeleteBehavior.Restrict);
    }
}
