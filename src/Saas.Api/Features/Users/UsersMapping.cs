using Mapster;

namespace Saas.Api.Features.Users;

/// <summary>A user row as the API answers it.</summary>
public sealed class UsersMapping : IRegister
{
    public void Register(TypeAdapterConfig config) => config.NewConfig<UserRow, UserResponse>();
}
