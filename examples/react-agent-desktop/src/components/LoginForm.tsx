import type { SessionView } from '@screen-recording/core';
import { useScreenRecording } from '@screen-recording/react';
import type { FormEvent } from 'react';
import { type LoginFormValues, toLoginParams } from '../../../shared/login-form';
import { loginAdvice, pageFacts } from '../../../shared/messages';
import type { RunCommand } from './Desktop';

const selectAdvice = (view: SessionView) => loginAdvice(view, pageFacts());

export function LoginForm({
  values,
  onChange,
  run,
}: {
  values: LoginFormValues;
  onChange(values: LoginFormValues): void;
  run: RunCommand;
}) {
  // Only the permission advice: the form re-renders when the browser's answer changes, never per poll.
  const { view: advice, login } = useScreenRecording(selectAdvice);
  const field = (name: keyof LoginFormValues) => ({
    name,
    value: values[name],
    onChange: (event: { target: { value: string } }) => onChange({ ...values, [name]: event.target.value }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    run('login', () => login(toLoginParams(values)));
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby="login-title">
      <h2 id="login-title">Agent login</h2>
      {advice && (
        <p className="info" data-testid="permission-advice">
          {advice}
        </p>
      )}
      <div className="grid2">
        <label>
          User name
          <input {...field('username')} autoComplete="username" required />
        </label>
        <label>
          Password
          <input {...field('password')} type="password" autoComplete="current-password" required />
        </label>
      </div>
      <label>
        RWS server
        <input {...field('server')} type="url" placeholder="https://rws.dc1.example.com" required />
      </label>
      <label>
        <span>
          Recovery RWS server <span className="muted">(optional, disaster recovery)</span>
        </span>
        <input {...field('peerServer')} type="url" placeholder="https://rws.dc2.example.com" />
      </label>
      <fieldset>
        <legend>Hot seating (optional; leave empty for the default place)</legend>
        <label>
          Place
          <input {...field('place')} placeholder="alicePlace" />
        </label>
        <label>
          <span>
            Devices <span className="muted">(one DN@Switch per line)</span>
          </span>
          <textarea {...field('devices')} rows={2} placeholder={'DN1@SwitchA\nDN2@SwitchB'} />
        </label>
      </fieldset>
      <button type="submit" className="primary">
        Login
      </button>
    </form>
  );
}
